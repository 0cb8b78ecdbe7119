package com.dialer.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallStatus;
import com.dialer.avro.MachinePolicy;
import com.plivo.api.xml.Response;
import com.plivo.api.xml.Speak;
import com.plivo.api.xml.Stream;

class AnswerXmlTest {
    private static final String BOT = "wss://bot.example.com/stream?campaign=c1&lang=en";

    private static AnswerSettings settings(String bot, String greeting, MachinePolicy policy, String message) {
        return AnswerSettings.newBuilder().setBotStreamUrl(bot).setGreeting(greeting).setMachinePolicy(policy)
                .setMachineMessage(message).build();
    }

    private static PlivoCallback answer(boolean machine) {
        Map<String, String> p = new HashMap<>(Map.of("CallUUID", "u-1", "CallStatus", "in-progress", "Event", "StartApp"));
        if (machine) {
            p.put("Machine", "true");
        }
        return new PlivoCallback(CallbackKind.ANSWER, "camp-1:c-7:1", "client-9", "camp-1", CallStatus.IN_PROGRESS,
                machine ? Boolean.TRUE : null, p);
    }

    /** Parses the XML (so it must be well-formed) and lists the verbs under Response. */
    private static List<Element> verbs(String xml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("Response");
        List<Element> verbs = new ArrayList<>();
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                verbs.add(e);
            }
        }
        return verbs;
    }

    @Test
    void shouldGreetThenStreamAHumanToTheBotBothWays() throws Exception {
        String xml = AnswerXml.answer(settings(BOT, "Hello & welcome <friend>", MachinePolicy.HANGUP, null), answer(false));
        List<Element> verbs = verbs(xml);

        assertThat(verbs).extracting(Element::getTagName).containsExactly("Speak", "Stream");
        assertThat(verbs.get(0).getTextContent()).isEqualTo("Hello & welcome <friend>");
        Element stream = verbs.get(1);
        assertThat(stream.getTextContent()).isEqualTo(BOT);
        assertThat(stream.getAttribute("bidirectional")).isEqualTo("true");
        assertThat(stream.getAttribute("keepCallAlive")).isEqualTo("true");
        assertThat(stream.getAttribute("contentType")).isEqualTo("audio/x-mulaw;rate=8000");
        assertThat(stream.getAttribute("audioTrack")).as("must stay inbound (the default) when bidirectional").isEmpty();
        assertThat(stream.getAttribute("extraHeaders")).isEqualTo("attemptId=camp-1:c-7:1,campaignId=camp-1");
    }

    @Test
    void shouldOnlyGreetWithoutABotAndHangUpWithNeither() throws Exception {
        assertThat(verbs(AnswerXml.answer(settings(null, "Hi", MachinePolicy.HANGUP, null), answer(false))))
                .extracting(Element::getTagName).containsExactly("Speak");
        assertThat(verbs(AnswerXml.answer(settings(null, null, MachinePolicy.HANGUP, null), answer(false))))
                .extracting(Element::getTagName).containsExactly("Hangup");
    }

    @Test
    void shouldHangUpOnAMachineUnderTheHangupPolicy() throws Exception {
        assertThat(verbs(AnswerXml.answer(settings(BOT, "Hi", MachinePolicy.HANGUP, null), answer(true))))
                .extracting(Element::getTagName).containsExactly("Hangup");
    }

    @Test
    void shouldLeaveTheMessageThenHangUpUnderTheLeaveMessagePolicy() throws Exception {
        List<Element> verbs = verbs(AnswerXml.answer(settings(BOT, "Hi", MachinePolicy.LEAVE_MESSAGE, "Call us \"back\" at 5 > 4"),
                answer(true)));

        assertThat(verbs).extracting(Element::getTagName).containsExactly("Speak", "Hangup");
        assertThat(verbs.get(0).getTextContent()).isEqualTo("Call us \"back\" at 5 > 4");
    }

    @Test
    void shouldLeaveTheGreetingWhenThereIsNoMachineMessage() throws Exception {
        List<Element> verbs = verbs(AnswerXml.answer(settings(BOT, "Hi there", MachinePolicy.LEAVE_MESSAGE, null), answer(true)));
        assertThat(verbs.get(0).getTextContent()).isEqualTo("Hi there");
    }

    @Test
    void shouldConnectAMachineToTheBotUnderTheConnectBotPolicy() throws Exception {
        assertThat(verbs(AnswerXml.answer(settings(BOT, null, MachinePolicy.CONNECT_BOT, null), answer(true))))
                .extracting(Element::getTagName).containsExactly("Stream");
    }

    @Test
    void shouldWriteWhatPlivoJavasOwnWriterWritesWhenThereIsNothingToEscape() throws Exception {
        // plivo-java's writer puts line breaks between elements; Plivo reads both the same
        String bot = "wss://bot.example.com/stream";
        String ours = AnswerXml.answer(settings(bot, "Hello there", MachinePolicy.HANGUP, null), answer(false));
        String plivos = new Response().children(new Speak("Hello there"), new Stream(bot).bidirectional(true).keepCallAlive(true)
                .contentType("audio/x-mulaw;rate=8000").extraHeaders("attemptId=camp-1:c-7:1,campaignId=camp-1")).toXmlString();

        assertThat(ours).isEqualTo(plivos.replaceAll(">\\s+<", "><"));
    }

    @Test
    void shouldDropControlCharactersXmlCannotCarry() throws Exception {
        List<Element> verbs = verbs(AnswerXml.answer(settings(null, "Hi\u0000 there\u0007", MachinePolicy.HANGUP, null), answer(false)));
        assertThat(verbs.get(0).getTextContent()).isEqualTo("Hi there");
    }
}
