package com.dialer.schemas;

import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecordBase;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallEvent;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallRecord;
import com.dialer.avro.CallStatus;
import com.dialer.avro.CallingWindow;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.avro.DncEntry;
import com.dialer.avro.EventSource;
import com.dialer.avro.MachinePolicy;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;

/** One fully populated record of every topic's value type. */
final class SampleRecords {
    static final Instant NOW = Instant.parse("2026-11-24T09:30:00.123Z").truncatedTo(ChronoUnit.MILLIS);

    static AnswerSettings answer() {
        return AnswerSettings.newBuilder().setBotStreamUrl("wss://bot.example/stream").setGreeting("Hello")
                .setWarmupUrl("http://127.0.0.1:9/warm").setMachineDetection(true)
                .setMachinePolicy(MachinePolicy.LEAVE_MESSAGE).setMachineMessage("Call us back").build();
    }

    static CampaignSettings settings() {
        RetryRule rule = RetryRule.newBuilder().setDelaySeconds(600).setMaxAttempts(3).build();
        return CampaignSettings.newBuilder().setCallsPerMinute(120).setPriority(2).setWeight(3.0).setConcurrencyCap(10)
                .setCallingWindow(CallingWindow.newBuilder().setStart(LocalTime.of(9, 0)).setEnd(LocalTime.of(20, 30))
                        .setDays(List.of("MONDAY", "TUESDAY")).build())
                .setRetryPolicy(RetryPolicy.newBuilder().setBusy(rule).setNoAnswer(rule).setFailed(rule).setMachine(rule).build())
                .setCallerId("+14155550100").setRingTimeoutSeconds(25).setTimeLimitSeconds(600).setAnswer(answer()).build();
    }

    static List<SpecificRecordBase> all() {
        return List.of(
                CampaignCommand.newBuilder().setCommandId("cmd-1").setCampaignId("camp-1").setClientId("client-42")
                        .setType(CommandType.CREATE).setSettings(settings()).setIssuedAt(NOW).build(),
                Contact.newBuilder().setCampaignId("camp-1").setContactId("c-1").setPhoneNumber("(415) 555-0101")
                        .setDefaultRegion("US").setTimeZone("America/Los_Angeles").setAttributes(Map.of("name", "Ada"))
                        .setCreatedAt(NOW).build(),
                DncEntry.newBuilder().setPhoneNumber("+14155550101").setClientId("client-42").setReason("asked")
                        .setAddedAt(NOW).build(),
                DialRequest.newBuilder().setAttemptId("camp-1:c-1:1").setCampaignId("camp-1").setClientId("client-42")
                        .setContactId("c-1").setPhoneNumber("+14155550101").setTimeZone("America/Los_Angeles")
                        .setAttemptNumber(1).setCallerId("+14155550100").setRingTimeoutSeconds(25).setTimeLimitSeconds(600)
                        .setPriority(2).setAnswer(answer()).setAttributes(Map.of("name", "Ada")).setReleasedAt(NOW).build(),
                CallEvent.newBuilder().setEventId("e-1").setAttemptId("camp-1:c-1:1").setCampaignId("camp-1")
                        .setClientId("client-42").setContactId("c-1").setPhoneNumber("+14155550101").setAttemptNumber(1)
                        .setStatus(CallStatus.COMPLETED).setSource(EventSource.WEBHOOK).setOccurredAt(NOW)
                        .setPlivoRequestUuid("req-uuid").setPlivoCallUuid("call-uuid").setHangupCause("NORMAL_CLEARING")
                        .setHangupCauseCode(4000).setDurationSeconds(42).setBillDurationSeconds(60).setMachineDetected(false)
                        .setRingTimeoutSeconds(25).setTimeLimitSeconds(600).setReason("normal hangup").build(),
                CallOutcome.newBuilder().setAttemptId("camp-1:c-1:1").setCampaignId("camp-1").setClientId("client-42")
                        .setContactId("c-1").setPhoneNumber("+14155550101").setAttemptNumber(1)
                        .setDisposition(Disposition.ANSWERED).setFinalStatus(CallStatus.COMPLETED).setDurationSeconds(42)
                        .setDecidedAt(NOW).build(),
                CallRecord.newBuilder().setAttemptId("camp-1:c-1:1").setCampaignId("camp-1").setClientId("client-42")
                        .setContactId("c-1").setPhoneNumber("+14155550101").setAttemptNumber(1).setCallerId("+14155550100")
                        .setDisposition(Disposition.ANSWERED).setFinalStatus(CallStatus.COMPLETED)
                        .setPlivoRequestUuid("req-uuid").setPlivoCallUuid("call-uuid").setHangupCause("NORMAL_CLEARING")
                        .setHangupCauseCode(4000).setMachineDetected(false).setReservedAt(NOW).setDialedAt(NOW)
                        .setRingingAt(NOW).setAnsweredAt(NOW).setEndedAt(NOW).setDurationSeconds(42)
                        .setBillDurationSeconds(60).build(),
                CampaignSummary.newBuilder().setCampaignId("camp-1").setClientId("client-42")
                        .setStatus(CampaignStatus.COMPLETED).setContacts(10).setContactsFinished(10).setAttempts(14)
                        .setDispositions(Map.of("ANSWERED", 6L, "BUSY", 4L)).setCreatedAt(NOW).setUpdatedAt(NOW)
                        .setCompletedAt(NOW).build());
    }

    private SampleRecords() {
    }
}
