package com.dialer.status;

import static com.dialer.status.StatusFixture.CAMPAIGN;
import static com.dialer.status.StatusFixture.CLIENT;
import static com.dialer.status.StatusFixture.attempt;
import static com.dialer.status.StatusFixture.phone;
import static org.assertj.core.api.Assertions.assertThat;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallRecord;
import com.dialer.avro.CallStatus;
import com.dialer.avro.Disposition;
import com.dialer.avro.EventSource;
import com.dialer.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusTopologyTest {
    private StatusFixture fx = new StatusFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private void restart(Map<String, String> env) {
        fx.close();
        fx = new StatusFixture(env);
    }

    private List<CallEvent> answeredCall(String id) {
        return List.of(fx.executor(id, CallStatus.DIALING), fx.webhook(id, CallStatus.RINGING).build(),
                fx.webhook(id, CallStatus.IN_PROGRESS).build(),
                fx.webhook(id, CallStatus.COMPLETED).setHangupCause("NORMAL_CLEARING").setHangupCauseCode(4000)
                        .setDurationSeconds(42).setBillDurationSeconds(60).build());
    }

    @Test
    void anAnsweredCallWalksEveryStateAndEndsWithOneOutcomeAndOneCompleteRecord() {
        String id = attempt(1);
        fx.send(fx.executor(id, CallStatus.DIALING));
        assertThat(fx.hot.hash(id)).containsEntry("state", "DIALING").containsEntry("version", "1");
        assertThat(fx.hot.slotsOf(CLIENT)).as("a live call holds its slot").contains(id);
        fx.advance(Duration.ofSeconds(2));
        fx.send(fx.webhook(id, CallStatus.RINGING).build());
        fx.advance(Duration.ofSeconds(3));
        fx.send(fx.webhook(id, CallStatus.IN_PROGRESS).build());
        fx.advance(Duration.ofSeconds(42));
        fx.send(fx.webhook(id, CallStatus.COMPLETED).setHangupCause("NORMAL_CLEARING").setHangupCauseCode(4000)
                .setDurationSeconds(42).setBillDurationSeconds(60).build());

        assertThat(fx.hot.applied).extracting(c -> c.state()).containsExactly("DIALING", "RINGING", "IN_PROGRESS", "COMPLETED");
        assertThat(fx.hot.hash(id)).containsEntry("state", "COMPLETED").containsEntry("version", "4")
                .containsEntry("disposition", "ANSWERED").containsEntry("phoneNumber", phone(id))
                .containsEntry("plivoCallUuid", "call-" + id).containsEntry("durationSeconds", "42")
                .containsEntry("callerId", StatusFixture.CALLER_ID);
        assertThat(fx.hot.slotsOf(CLIENT)).as("the final state released the slot").doesNotContain(id);

        var outcome = fx.outcomes.readRecord();
        assertThat(outcome.key()).isEqualTo(CAMPAIGN);
        assertThat(outcome.value().getDisposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(outcome.value().getAttemptNumber()).isEqualTo(1);
        assertThat(outcome.value().getContactId()).isEqualTo("contact-1");
        assertThat(outcome.value().getPhoneNumber()).isEqualTo(phone(id));
        assertThat(outcome.value().getDurationSeconds()).isEqualTo(42);
        var record = fx.records.readRecord();
        assertThat(record.key()).isEqualTo(id);
        CallRecord r = record.value();
        assertThat(r.getClientId()).isEqualTo(CLIENT);
        assertThat(r.getFinalStatus()).isEqualTo(CallStatus.COMPLETED);
        assertThat(r.getDialedAt()).isEqualTo(StatusFixture.START);
        assertThat(r.getRingingAt()).isEqualTo(StatusFixture.START.plusSeconds(2));
        assertThat(r.getAnsweredAt()).isEqualTo(StatusFixture.START.plusSeconds(5));
        assertThat(r.getEndedAt()).isEqualTo(StatusFixture.START.plusSeconds(47));
        assertThat(r.getHangupCauseCode()).isEqualTo(4000);
        assertThat(r.getPlivoRequestUuid()).isEqualTo("req-" + id);
        assertThat(r.getCallerId()).as("the number the call was made from").isEqualTo(StatusFixture.CALLER_ID);
        assertThat(fx.outcomes.isEmpty()).isTrue();
        assertThat(fx.records.isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "{0} then {1} ends as {2}")
    @CsvSource({
        "DIALING, FAILED, FAILED", "DIALING, CANCELLED, CANCELLED", "QUEUED, BUSY, BUSY", "RINGING, NO_ANSWER, NO_ANSWER",
        "RINGING, BUSY, BUSY", "IN_PROGRESS, MACHINE, MACHINE", "IN_PROGRESS, COMPLETED, ANSWERED", "RINGING, TIMEOUT, TIMEOUT",
        "RESERVED, FAILED, FAILED"
    })
    void everyFinalStateIsReportedWithItsDisposition(CallStatus live, CallStatus last, Disposition expected) {
        String id = attempt(2);
        fx.send(fx.executor(id, live), fx.webhook(id, last).build());

        assertThat(fx.hot.hash(id)).containsEntry("state", last.name()).containsEntry("version", "2")
                .containsEntry("disposition", expected.name());
        CallOutcome outcome = fx.outcomes.readValue();
        assertThat(outcome.getDisposition()).isEqualTo(expected);
        assertThat(outcome.getFinalStatus()).isEqualTo(last);
        assertThat(fx.records.readValue().getDisposition()).isEqualTo(expected);
        assertThat(fx.hot.slotsOf(CLIENT)).doesNotContain(id);
    }

    @Test
    void duplicateEventsChangeNothingAndTheOutcomeGoesOutOnce() {
        String id = attempt(3);
        List<CallEvent> call = answeredCall(id);
        for (CallEvent e : call) {
            fx.send(e, e); // every webhook delivered twice
        }
        fx.send(call.toArray(CallEvent[]::new)); // and the whole history again, as a replay would

        assertThat(fx.hot.hash(id)).containsEntry("version", "4");
        assertThat(fx.hot.applied).hasSize(4);
        assertThat(fx.outcomes.readValuesToList()).hasSize(1);
        assertThat(fx.records.readValuesToList()).hasSize(1);
        assertThat(fx.counter("dialer.status.events", "result", "applied")).isEqualTo(4);
        assertThat(fx.counter("dialer.status.events", "result", "duplicate")).isEqualTo(8);
    }

    @Test
    void anOlderEventArrivingLateNeverMovesTheStateBack() {
        String id = attempt(4);
        fx.send(fx.executor(id, CallStatus.DIALING), fx.webhook(id, CallStatus.IN_PROGRESS).build(),
                fx.webhook(id, CallStatus.RINGING).build());

        assertThat(fx.hot.hash(id)).containsEntry("state", "IN_PROGRESS").containsEntry("version", "2");
        Attempt stored = fx.attempts().get(id);
        assertThat(stored.state()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(fx.hot.hash(id)).as("the late event still told when it rang").containsKey("ringingAt");
    }

    @Test
    void aHangupBeforeTheExecutorsDialingEventWaitsForItsPhoneNumberThenGoesOutOnce() {
        String id = attempt(5);
        fx.send(fx.webhook(id, CallStatus.BUSY).setHangupCause("USER_BUSY").build());

        assertThat(fx.hot.hash(id)).containsEntry("state", "BUSY").containsEntry("version", "1")
                .containsEntry("campaignId", CAMPAIGN).containsEntry("contactId", "contact-5")
                .doesNotContainKey("phoneNumber");
        assertThat(fx.outcomes.isEmpty()).as("no outcome without the number yet").isTrue();

        fx.advance(Duration.ofSeconds(2));
        fx.send(fx.executor(id, CallStatus.DIALING));

        assertThat(fx.hot.hash(id)).as("identity merged, state kept").containsEntry("state", "BUSY")
                .containsEntry("version", "1").containsEntry("phoneNumber", phone(id)).containsEntry("dialedAt",
                        Long.toString(StatusFixture.START.plusSeconds(2).toEpochMilli()));
        assertThat(fx.hot.applied).hasSize(1);
        CallOutcome outcome = fx.outcomes.readValue();
        assertThat(outcome.getPhoneNumber()).isEqualTo(phone(id));
        assertThat(outcome.getDisposition()).isEqualTo(Disposition.BUSY);
        assertThat(outcome.getAttemptNumber()).isEqualTo(1);
        assertThat(fx.records.readValue().getPlivoRequestUuid()).isEqualTo("req-" + id);

        fx.advance(Duration.ofSeconds(120));
        assertThat(fx.outcomes.isEmpty()).isTrue();
        assertThat(fx.records.isEmpty()).isTrue();
    }

    @Test
    void aHangupWhoseDialingEventNeverComesGoesOutAfterTheIdentityWaitWithWhatTheAttemptIdTells() {
        String id = attempt(6);
        fx.send(fx.webhook(id, CallStatus.NO_ANSWER).build());
        fx.advance(Duration.ofSeconds(59));
        assertThat(fx.outcomes.isEmpty()).isTrue();

        fx.advance(Duration.ofSeconds(2));

        CallOutcome outcome = fx.outcomes.readValue();
        assertThat(outcome.getCampaignId()).isEqualTo(CAMPAIGN);
        assertThat(outcome.getClientId()).isEqualTo(CLIENT);
        assertThat(outcome.getContactId()).isEqualTo("contact-6");
        assertThat(outcome.getAttemptNumber()).isEqualTo(1);
        assertThat(outcome.getPhoneNumber()).isEmpty();
        assertThat(fx.records.readValuesToList()).hasSize(1);
    }

    @Test
    void anAttemptWhoseClientIsUnknownIsProjectedAndEmittedOnceAnEventNamesIt() {
        String id = attempt(7);
        fx.send(fx.webhook(id, CallStatus.COMPLETED).setClientId(null).build());
        assertThat(fx.hot.hashes).doesNotContainKey(id);
        assertThat(fx.outcomes.isEmpty()).isTrue();

        fx.send(fx.executor(id, CallStatus.DIALING));

        assertThat(fx.hot.hash(id)).containsEntry("state", "COMPLETED").containsEntry("version", "1")
                .containsEntry("clientId", CLIENT);
        assertThat(fx.outcomes.readValue().getDisposition()).isEqualTo(Disposition.ANSWERED);
    }

    @Test
    void aMachineDetectedOnALiveCallEndsAsMachineOnlyAtItsHangup() {
        String id = attempt(8);
        fx.send(fx.executor(id, CallStatus.DIALING), fx.webhook(id, CallStatus.IN_PROGRESS).build(),
                fx.webhook(id, CallStatus.IN_PROGRESS).setMachineDetected(true).build());

        // the machine is still on the line: the attempt is live and nothing is decided yet
        assertThat(fx.hot.hash(id)).containsEntry("state", "IN_PROGRESS").containsEntry("machineDetected", "true");
        assertThat(fx.outcomes.isEmpty()).isTrue();

        fx.send(fx.webhook(id, CallStatus.COMPLETED).setDurationSeconds(12).setHangupCause("NORMAL_CLEARING").build());

        assertThat(fx.hot.hash(id)).containsEntry("state", "MACHINE").containsEntry("version", "3")
                .containsEntry("durationSeconds", "12").containsEntry("hangupCause", "NORMAL_CLEARING");
        assertThat(fx.outcomes.readValuesToList()).extracting(CallOutcome::getDisposition).containsExactly(Disposition.MACHINE);
    }

    @Test
    void theReaperFinalisesAnAttemptWithNoFinalEventOnlyAfterItsLeaseAndReleasesTheSlot() {
        String id = attempt(9);
        fx.send(fx.executor(id, CallStatus.DIALING), fx.webhook(id, CallStatus.RINGING).build());
        // lease = ring timeout 30 s + time limit 60 s + grace 30 s
        fx.advance(Duration.ofSeconds(119));
        assertThat(fx.hot.hash(id)).containsEntry("state", "RINGING");
        assertThat(fx.outcomes.isEmpty()).isTrue();

        fx.advance(Duration.ofSeconds(2));

        assertThat(fx.hot.hash(id)).containsEntry("state", "TIMEOUT").containsEntry("version", "3")
                .containsEntry("disposition", "TIMEOUT");
        assertThat(fx.hot.slotsOf(CLIENT)).doesNotContain(id);
        CallOutcome outcome = fx.outcomes.readValue();
        assertThat(outcome.getDisposition()).isEqualTo(Disposition.TIMEOUT);
        assertThat(outcome.getReason()).contains("no final event by the lease deadline");
        assertThat(fx.records.readValue().getFinalStatus()).isEqualTo(CallStatus.TIMEOUT);
        CallEvent verdict = fx.eventsOut.readValuesToList().stream().filter(e -> e.getSource() == EventSource.REAPER)
                .findFirst().orElseThrow();
        assertThat(verdict.getStatus()).isEqualTo(CallStatus.TIMEOUT);
        assertThat(fx.counter("dialer.status.reaped")).isEqualTo(1);

        fx.send(fx.webhook(id, CallStatus.COMPLETED).build()); // the lost hangup, very late
        fx.advance(Duration.ofSeconds(5));
        assertThat(fx.hot.hash(id)).containsEntry("state", "TIMEOUT");
        assertThat(fx.outcomes.isEmpty()).as("the first final state wins; one outcome").isTrue();
    }

    @Test
    void anAttemptKnownOnlyFromWebhooksIsReapedAfterTheDefaultRingTimeoutAndTimeLimit() {
        restart(Map.of("DEFAULT_RING_TIMEOUT_SECONDS", "20", "DEFAULT_TIME_LIMIT_SECONDS", "40"));
        String id = attempt(10);
        fx.send(fx.webhook(id, CallStatus.RINGING).build());
        fx.advance(Duration.ofSeconds(89));
        assertThat(fx.hot.hash(id)).containsEntry("state", "RINGING");
        fx.advance(Duration.ofSeconds(2));
        assertThat(fx.hot.hash(id)).containsEntry("state", "TIMEOUT");
    }

    @Test
    void theReaperHandlesAtMostItsBudgetPerRunAndTheRestOnTheNextRuns() {
        restart(Map.of("REAPER_MAX_PER_RUN", "2"));
        for (int c = 20; c < 25; c++) {
            fx.send(fx.executor(attempt(c), CallStatus.DIALING));
        }
        fx.advance(Duration.ofSeconds(119)); // deadlines at 120 s
        assertThat(fx.counter("dialer.status.reaped")).isZero();

        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.counter("dialer.status.reaped")).isEqualTo(2);
        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.counter("dialer.status.reaped")).isEqualTo(4);
        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.counter("dialer.status.reaped")).isEqualTo(5);
        assertThat(fx.outcomes.readValuesToList()).hasSize(5);
    }

    @Test
    void aBacklogIsReadBeforeItsAttemptsAreDeclaredLost() {
        String id = attempt(11);
        // written five minutes ago, read only now: the task is behind its input
        var old = fx.executor(id, CallStatus.DIALING);
        old.setOccurredAt(StatusFixture.START.minusSeconds(300));
        fx.events.pipeInput(new TestRecord<>(id, old, StatusFixture.START.minusSeconds(300)));
        fx.events.pipeInput(new TestRecord<>(id, fx.webhook(id, CallStatus.RINGING).setOccurredAt(
                StatusFixture.START.minusSeconds(298)).build(), StatusFixture.START.minusSeconds(298)));

        fx.advance(Duration.ofSeconds(1)); // a tick while reading the backlog: its time is the backlog's
        assertThat(fx.hot.hash(id)).containsEntry("state", "RINGING");

        fx.events.pipeInput(new TestRecord<>(id, fx.webhook(id, CallStatus.COMPLETED).setOccurredAt(
                StatusFixture.START.minusSeconds(250)).build(), StatusFixture.START.minusSeconds(250)));
        fx.advance(Duration.ofSeconds(1));

        assertThat(fx.hot.hash(id)).containsEntry("state", "COMPLETED");
        assertThat(fx.outcomes.readValue().getDisposition()).isEqualTo(Disposition.ANSWERED);
    }

    @Test
    void aLiveAttemptFromLongAgoIsReapedOnceTheTaskHasCaughtUp() {
        String id = attempt(12);
        var old = fx.executor(id, CallStatus.DIALING);
        old.setOccurredAt(StatusFixture.START.minusSeconds(300));
        fx.events.pipeInput(new TestRecord<>(id, old, StatusFixture.START.minusSeconds(300)));
        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.hot.hash(id)).containsEntry("state", "DIALING");

        fx.advance(Duration.ofSeconds(1)); // nothing read since the last tick: caught up, wall-clock time

        assertThat(fx.hot.hash(id)).containsEntry("state", "TIMEOUT");
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicWithTheirReasonAndGoodOnesStillApply() {
        String id = attempt(13);
        fx.rawEvents.pipeInput(id, "not avro".getBytes(StandardCharsets.UTF_8));
        fx.rawEvents.pipeInput(id, (byte[]) null);
        fx.send(fx.webhook("other-key-event", CallStatus.RINGING).build()); // keyed by its own id: valid
        fx.events.pipeInput("wrong-key", fx.executor(id, CallStatus.DIALING));
        fx.send(fx.webhook(id, CallStatus.UNKNOWN).build());
        fx.send(fx.webhook(id, CallStatus.RINGING).setAttemptNumber(0).build());
        fx.send(fx.executor(id, CallStatus.DIALING));

        List<TestRecord<String, byte[]>> dead = fx.dlq.readRecordsToList();
        assertThat(dead).hasSize(5);
        List<String> reasons = new ArrayList<>();
        for (TestRecord<String, byte[]> d : dead) {
            reasons.add(header(d, DeadLetterHeaders.REASON));
            assertThat(header(d, DeadLetterHeaders.SERVICE)).isEqualTo("status-processor");
            assertThat(header(d, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("call-events");
            assertThat(d.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET)).isNotNull();
        }
        assertThat(reasons.get(0)).contains("not Avro single-object encoding");
        assertThat(reasons.get(1)).contains("tombstone");
        assertThat(reasons.get(2)).contains("is not its attemptId");
        assertThat(reasons.get(3)).contains("UNKNOWN");
        assertThat(reasons.get(4)).contains("attemptNumber must be >= 1");
        assertThat(fx.counter("dialer.dlq.records", "service", "status-processor", "topic", "call-events",
                "failure", "AvroDecodingException")).isEqualTo(1);
        assertThat(fx.counter("dialer.dlq.records", "failure", "validation")).isEqualTo(4);
        assertThat(fx.hot.hash(id)).containsEntry("state", "DIALING");
    }

    @Test
    void aFinishedAttemptIsForgottenAfterItsRetentionAndNotBefore() {
        restart(Map.of("ATTEMPT_RETENTION_SECONDS", "300"));
        String id = attempt(14);
        fx.send(answeredCall(id).toArray(CallEvent[]::new));
        fx.advance(Duration.ofSeconds(299));
        assertThat(fx.attempts().get(id)).isNotNull();

        fx.send(answeredCall(id).get(3)); // a late duplicate inside the retention: still recognised
        assertThat(fx.outcomes.readValuesToList()).hasSize(1);

        fx.advance(Duration.ofSeconds(302));
        assertThat(fx.attempts().get(id)).isNull();
    }

    @Test
    void theFirstStartSeedsAnEmptyRedisAndSetsTheMarker() {
        assertThat(fx.hot.seeded).isFalse();
        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.hot.seeded).isTrue();
    }

    @Test
    void redisComingBackEmptyIsReseededFromTheStoreLiveLeasesIncluded() {
        String live = attempt(15);
        String ended = attempt(16);
        fx.send(fx.executor(live, CallStatus.DIALING), fx.webhook(live, CallStatus.RINGING).build());
        fx.send(answeredCall(ended).toArray(CallEvent[]::new));
        fx.advance(Duration.ofSeconds(1));
        Map<String, String> liveBefore = Map.copyOf(fx.hot.hash(live));
        Map<String, String> endedBefore = Map.copyOf(fx.hot.hash(ended));
        long leaseBefore = fx.hot.slots.get(CLIENT).get(live);
        assertThat(fx.hot.seeded).isTrue();
        fx.hot.restored.clear(); // the first start's seeding

        fx.hot.wipe();
        fx.advance(Duration.ofSeconds(1));

        assertThat(fx.hot.seeded).isTrue();
        assertThat(fx.hot.restored).extracting(c -> c.attemptId()).containsExactlyInAnyOrder(live, ended);
        assertThat(fx.hot.hash(live)).isEqualTo(liveBefore);
        assertThat(fx.hot.hash(ended)).isEqualTo(endedBefore);
        assertThat(fx.hot.slots.get(CLIENT)).containsExactly(Map.entry(live, leaseBefore));
        assertThat(fx.hot.guards).containsExactlyInAnyOrder(live, ended);
        assertThat(fx.counter("dialer.status.reseeded")).isEqualTo(4);
    }

    @Test
    void aReseedSpreadsOverRunsWithinItsBatchAndCountsEveryAttemptOnce() {
        restart(Map.of("RESEED_BATCH", "3"));
        fx.advance(Duration.ofSeconds(1)); // first start: seeded
        for (int c = 30; c < 38; c++) {
            fx.send(fx.executor(attempt(c), CallStatus.DIALING));
        }
        fx.hot.wipe();
        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.hot.restored).hasSize(3);
        assertThat(fx.hot.seeded).isFalse();
        fx.advance(Duration.ofSeconds(2));

        assertThat(fx.hot.seeded).isTrue();
        assertThat(fx.hot.restored).extracting(c -> c.attemptId()).doesNotHaveDuplicates().hasSize(8);
        assertThat(fx.hot.slotsOf(CLIENT)).hasSize(8);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
