package com.dialer.bridge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.dialer.avro.AnswerSettings;
import com.plivo.api.exceptions.PlivoValidationException;
import com.plivo.api.exceptions.PlivoXmlException;
import com.plivo.api.xml.Hangup;
import com.plivo.api.xml.Response;
import com.plivo.api.xml.ResponseNestable;
import com.plivo.api.xml.Speak;
import com.plivo.api.xml.Stream;

/**
 * The Plivo XML an answered call gets, built with plivo-java's XML classes: a human is connected to
 * the campaign's bot ({@code <Speak>} greeting, then a bidirectional {@code <Stream>}); a machine is
 * handled by the campaign's machine policy. plivo-java writes text and attributes without escaping
 * anything, so every string of ours is escaped here.
 */
final class AnswerXml {
    /** Plivo streams 8 kHz μ-law both ways; the bot speaks it back on the same socket. */
    static final String STREAM_CONTENT_TYPE = "audio/x-mulaw;rate=8000";
    /** Plivo's limit on a stream's extra headers. */
    static final int MAX_EXTRA_HEADERS_BYTES = 512;

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
            verbs.add(new Speak(escaped(greeting)));
        }
        String bot = text(settings.getBotStreamUrl());
        if (bot != null) {
            // audioTrack stays "inbound" (the default): Plivo refuses another track on a bidirectional stream
            Stream stream = new Stream(escaped(bot))
                    .bidirectional(true)
                    .keepCallAlive(true)
                    .contentType(STREAM_CONTENT_TYPE);
            String headers = extraHeaders(callback);
            if (headers != null) {
                stream.extraHeaders(escaped(headers));
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
            verbs.add(new Speak(escaped(message)));
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
        try {
            return new Response().children(verbs.toArray(ResponseNestable[]::new)).toXmlString();
        } catch (PlivoXmlException | PlivoValidationException e) {
            throw new IllegalArgumentException("cannot build the answer XML: " + e.getMessage(), e);
        }
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** XML-escaped, and without the control characters XML 1.0 cannot carry at all. */
    static String escaped(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
