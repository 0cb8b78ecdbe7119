package com.dialer.bridge;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.bind.JAXBContext;
import javax.xml.bind.JAXBException;
import javax.xml.bind.Marshaller;

import com.dialer.avro.AnswerSettings;
import com.plivo.api.exceptions.PlivoValidationException;
import com.plivo.api.xml.Hangup;
import com.plivo.api.xml.Response;
import com.plivo.api.xml.ResponseNestable;
import com.plivo.api.xml.Speak;
import com.plivo.api.xml.Stream;

/**
 * The Plivo XML an answered call gets, built with plivo-java's XML classes: a human is connected to
 * the campaign's bot ({@code <Speak>} greeting, then a bidirectional {@code <Stream>}); a machine is
 * handled by the campaign's machine policy.
 */
final class AnswerXml {
    /** Plivo streams 8 kHz μ-law both ways; the bot speaks it back on the same socket. */
    static final String STREAM_CONTENT_TYPE = "audio/x-mulaw;rate=8000";
    /** Plivo's limit on a stream's extra headers. */
    static final int MAX_EXTRA_HEADERS_BYTES = 512;

    private static final JAXBContext CONTEXT = context();

    private AnswerXml() {
    }

    /** The answer to an answer (or synchronous machine detection) callback. */
    static String answer(AnswerSettings settings, PlivoCallback callback) {
        if (!callback.machineAnswered()) {
            return connect(settings, callback);
        }
        return switch (settings.getMachinePolicy()) {
            case CONNECT_BOT -> connect(settings, callback);
            case LEAVE_MESSAGE -> leaveMessage(settings);
            case HANGUP -> render(List.of(new Hangup()));
        };
    }

    /** Greeting, then the bot's stream; greeting alone without a bot; a hang-up with neither. */
    private static String connect(AnswerSettings settings, PlivoCallback callback) {
        List<ResponseNestable> verbs = new ArrayList<>();
        String greeting = text(settings.getGreeting());
        if (greeting != null) {
            verbs.add(new Speak(greeting));
        }
        String bot = text(settings.getBotStreamUrl());
        if (bot != null) {
            // audioTrack stays "inbound" (the default): Plivo refuses another track on a bidirectional stream
            Stream stream = new Stream(bot)
                    .bidirectional(true)
                    .keepCallAlive(true)
                    .contentType(STREAM_CONTENT_TYPE);
            String headers = extraHeaders(callback);
            if (headers != null) {
                stream.extraHeaders(xmlSafe(headers));
            }
            verbs.add(stream);
        }
        if (verbs.isEmpty()) {
            verbs.add(new Hangup());
        }
        return render(verbs);
    }

    private static String leaveMessage(AnswerSettings settings) {
        String message = text(settings.getMachineMessage()) != null ? text(settings.getMachineMessage()) : text(settings.getGreeting());
        List<ResponseNestable> verbs = new ArrayList<>();
        if (message != null) {
            verbs.add(new Speak(message));
        }
        verbs.add(new Hangup());
        return render(verbs);
    }

    /** Tells the bot which attempt the audio belongs to, so it joins the session warmed for it. */
    private static String extraHeaders(PlivoCallback callback) {
        String headers = "attemptId=" + callback.attemptId()
                + (callback.campaignId() == null ? "" : ",campaignId=" + callback.campaignId());
        if (headers.getBytes(StandardCharsets.UTF_8).length > MAX_EXTRA_HEADERS_BYTES) {
            return null;
        }
        return headers;
    }

    private static String render(List<ResponseNestable> verbs) {
        Response response;
        try {
            response = new Response().children(verbs.toArray(ResponseNestable[]::new));
        } catch (PlivoValidationException e) {
            throw new IllegalArgumentException("cannot build the answer XML: " + e.getMessage(), e);
        }
        // PlivoXml.toXmlString() would build a JAXBContext per call (~10 ms of CPU) and escape nothing:
        // the same marshalling with one context, and JAXB's own escaping
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
            marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            StringWriter out = new StringWriter(512);
            marshaller.marshal(response, out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalArgumentException("cannot write the answer XML: " + e.getMessage(), e);
        }
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : xmlSafe(s.strip());
    }

    /** Without the control characters XML 1.0 cannot carry at all (JAXB would write them as they are). */
    static String xmlSafe(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(Response.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
