package com.dialer.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.EventSource;

class PlivoCallbackTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Map<String, String> URL = Map.of("attemptId", "camp-1:c-7:1", "client", "client-9", "campaign", "camp-1");

    private static Map<String, String> params(String callStatus, String event) {
        Map<String, String> p = new HashMap<>();
        p.put("CallUUID", "call-uuid-1");
        p.put("RequestUUID", "request-uuid-1");
        p.put("From", "+14155550100");
        p.put("To", "+14155550101");
        p.put("Direction", "outbound");
        p.put("CallStatus", callStatus);
        p.put("Event", event);
        return p;
    }

    private static CallEvent event(CallbackKind kind, Map<String, String> params) throws MalformedCallback {
        return PlivoCallback.read(kind, URL, params).toEvent(NOW).orElseThrow();
    }

    @Test
    void shouldMapARingCallbackToRingingWithTheAttemptClientCampaignAndPlivoIds() throws Exception {
        CallEvent e = event(CallbackKind.RING, params("ringing", "Ring"));

        assertThat(e.getStatus()).isEqualTo(CallStatus.RINGING);
        assertThat(e.getSource()).isEqualTo(EventSource.WEBHOOK);
        assertThat(e.getAttemptId()).isEqualTo("camp-1:c-7:1");
        assertThat(e.getClientId()).isEqualTo("client-9");
        assertThat(e.getCampaignId()).isEqualTo("camp-1");
        assertThat(e.getPhoneNumber()).isEqualTo("+14155550101");
        assertThat(e.getPlivoCallUuid()).isEqualTo("call-uuid-1");
        assertThat(e.getPlivoRequestUuid()).isEqualTo("request-uuid-1");
        assertThat(e.getOccurredAt()).isEqualTo(NOW);
        assertThat(e.getHangupCause()).isNull();
    }

    @Test
    void shouldMapAnAnswerCallbackToInProgress() throws Exception {
        assertThat(event(CallbackKind.ANSWER, params("in-progress", "StartApp")).getStatus()).isEqualTo(CallStatus.IN_PROGRESS);
    }

    @ParameterizedTest
    @CsvSource({"completed,COMPLETED", "busy,BUSY", "no-answer,NO_ANSWER", "cancel,CANCELLED", "timeout,TIMEOUT", "failed,FAILED"})
    void shouldMapAHangupCallbackToItsFinalStatusWithCauseAndDurations(String plivo, CallStatus expected) throws Exception {
        Map<String, String> p = params(plivo, "Hangup");
        p.putAll(Map.of("HangupCause", "NORMAL_CLEARING", "HangupCauseCode", "4000", "Duration", "42", "BillDuration", "60"));
        CallEvent e = event(CallbackKind.HANGUP, p);

        assertThat(e.getStatus()).isEqualTo(expected);
        assertThat(e.getHangupCause()).isEqualTo("NORMAL_CLEARING");
        assertThat(e.getHangupCauseCode()).isEqualTo(4000);
        assertThat(e.getDurationSeconds()).isEqualTo(42);
        assertThat(e.getBillDurationSeconds()).isEqualTo(60);
    }

    @Test
    void shouldMarkTheLiveCallAsMachineAndLeaveTheEndToTheHangup() throws Exception {
        Map<String, String> p = params("in-progress", "MachineDetection");
        p.put("Machine", "true");
        CallEvent e = event(CallbackKind.MACHINE, p);

        assertThat(e.getStatus()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(e.getMachineDetected()).isTrue();
    }

    @Test
    void shouldReadAMachineOnTheAnswerUrlAsMachineToo() throws Exception {
        Map<String, String> p = params("in-progress", "StartApp");
        p.put("Machine", "true");
        PlivoCallback callback = PlivoCallback.read(CallbackKind.ANSWER, URL, p);

        assertThat(callback.machineAnswered()).isTrue();
        assertThat(callback.toEvent(NOW).orElseThrow().getStatus()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(callback.toEvent(NOW).orElseThrow().getMachineDetected()).isTrue();
    }

    @Test
    void shouldStoreNothingWhenDetectionSaysAHumanAnswered() throws Exception {
        Map<String, String> p = params("in-progress", "MachineDetection");
        p.put("Machine", "false");
        assertThat(PlivoCallback.read(CallbackKind.MACHINE, URL, p).toEvent(NOW)).isEmpty();
    }

    @Test
    void shouldGiveARetriedCallbackTheSameEventIdAndAnotherCallbackAnother() throws Exception {
        String first = event(CallbackKind.HANGUP, params("completed", "Hangup")).getEventId();
        String retried = PlivoCallback.read(CallbackKind.HANGUP, URL, params("completed", "Hangup"))
                .toEvent(NOW.plusSeconds(30)).orElseThrow().getEventId();
        String ring = event(CallbackKind.RING, params("ringing", "Ring")).getEventId();
        Map<String, String> otherCall = params("completed", "Hangup");
        otherCall.put("CallUUID", "call-uuid-2");

        assertThat(retried).isEqualTo(first).startsWith("camp-1:c-7:1:webhook:");
        assertThat(ring).isNotEqualTo(first);
        assertThat(event(CallbackKind.HANGUP, otherCall).getEventId()).isNotEqualTo(first);
    }

    @Test
    void shouldTellAnswerAndMachineCallbacksApartWhenPlivoSendsNoEventName() throws Exception {
        Map<String, String> answer = params("in-progress", "StartApp");
        answer.remove("Event");
        Map<String, String> machine = new HashMap<>(answer);
        machine.put("Machine", "true");

        assertThat(event(CallbackKind.ANSWER, answer).getEventId()).isNotEqualTo(event(CallbackKind.MACHINE, machine).getEventId());
    }

    @Test
    void shouldAcceptAnOldUrlWithoutTheCampaign() throws Exception {
        PlivoCallback callback = PlivoCallback.read(CallbackKind.RING, Map.of("attemptId", "a-1", "client", "c-1"),
                params("ringing", "Ring"));
        assertThat(callback.campaignId()).isNull();
    }

    @Test
    void shouldRefuseACallbackWithoutAttemptOrClient() {
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.RING, Map.of("client", "c-1"), params("ringing", "Ring")))
                .hasMessage("attemptId missing from the callback URL");
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.RING, Map.of("attemptId", "a-1"), params("ringing", "Ring")))
                .hasMessage("client missing from the callback URL");
    }

    @Test
    void shouldRefuseAnUnknownOrMissingCallStatus() {
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.HANGUP, URL, params("answered", "Hangup")))
                .hasMessage("unknown CallStatus 'answered'");
        Map<String, String> none = params("x", "Hangup");
        none.remove("CallStatus");
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.HANGUP, URL, none)).hasMessage("CallStatus missing from the callback");
    }

    @Test
    void shouldRefuseAHangupWithALiveStatus() {
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.HANGUP, URL, params("in-progress", "Hangup")))
                .hasMessageContaining("live CallStatus");
    }

    @Test
    void shouldRefuseNumbersThatAreNotNumbersAndMachineValuesThatAreNotBooleans() {
        Map<String, String> p = params("completed", "Hangup");
        p.put("Duration", "12s");
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.HANGUP, URL, p)).hasMessage("Duration is not a whole number: '12s'");
        Map<String, String> m = params("in-progress", "MachineDetection");
        m.put("Machine", "maybe");
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.MACHINE, URL, m)).hasMessage("Machine must be true or false, was 'maybe'");
        m.remove("Machine");
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.MACHINE, URL, m)).hasMessageContaining("without Machine");
    }

    @Test
    void shouldRefuseACallbackNamingNoCall() {
        Map<String, String> p = params("ringing", "Ring");
        p.remove("CallUUID");
        p.remove("RequestUUID");
        assertThatThrownBy(() -> PlivoCallback.read(CallbackKind.RING, URL, p)).hasMessage("neither CallUUID nor RequestUUID given");
    }
}
