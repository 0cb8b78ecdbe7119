package com.dialer.plivosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.dialer.plivo.NoBlindRetry;
import com.plivo.api.exceptions.ResourceNotFoundException;
import com.plivo.api.models.base.ListResponse;
import com.plivo.api.models.call.Call;
import com.plivo.api.models.call.CallDirection;
import com.plivo.api.models.call.CallStatus;
import com.plivo.api.models.call.LiveCall;
import com.plivo.api.models.call.QueuedCall;
import com.plivo.api.util.PropertyFilter;


/**
 * What a reconciler asks Plivo after an uncertain dial or a missing hangup, through plivo-java's
 * own lookups: call records ({@code Call.lister()}, {@code Call.getter()}), live and queued calls.
 */
class CallLookupsIT extends SdkAgainstSimulator {


    private String callUuidOf(String attemptId, String kind) {
        await().atMost(WAIT).until(() -> !receiver.where(c -> c.kind().equals(kind) && attemptId.equals(c.param("attemptId"))).isEmpty());
        return receiver.where(c -> c.kind().equals(kind) && attemptId.equals(c.param("attemptId"))).get(0).param("CallUUID");
    }

    private List<Call> recordsTo(String number) throws Exception {
        return Call.lister().toNumber(number).client(plivo).list().getObjects();
    }

    @Test
    void aFinishedCallIsInTheRecordsByItsNumberAndALiveOneIsNot() throws Exception {
        start(fast(3_000));
        Instant before = Instant.now().minusSeconds(1);
        dial(plivo, "+14155551001", "done-1");
        dial(plivo, "+14155551002", "live-1");
        String done = callUuidOf("done-1", "answer");
        String live = callUuidOf("live-1", "answer");

        Call.deleter(done).client(plivo).delete();
        await().atMost(WAIT).until(() -> recordsTo("+14155551001").size() == 1);

        Call record = recordsTo("+14155551001").get(0);
        assertThat(record.getCallUuid()).isEqualTo(done);
        // Plivo reports the destination without its '+'
        assertThat(record.getToNumber()).isEqualTo("14155551001");
        assertThat(record.getFromNumber()).isEqualTo(FROM);
        assertThat(record.getCallDirection()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(record.getcallState()).isEqualTo("ANSWER");
        assertThat(record.getHangupCauseCode()).isEqualTo(1000);
        assertThat(record.getHangupCauseName()).isEqualTo("Cancelled");
        assertThat(record.getHangupSource()).isEqualTo("API");
        assertThat(record.getInitiationTime()).isNotBlank();
        assertThat(record.getAnswerTime()).isNotBlank();
        assertThat(record.getEndTime()).endsWith("+00:00");
        assertThat(record.getBillDuration()).isEqualTo(record.getCallDuration());
        assertThat(record.getResourceUri()).isEqualTo("/v1/Account/" + SimConfig.DEFAULT_AUTH_ID + "/Call/" + done + "/");

        assertThat(recordsTo("14155551002")).as("a live call has no record yet").isEmpty();
        assertThat(LiveCall.listGetter().toNumber("+14155551002").client(plivo).get().getCalls()).containsExactly(live);
        assertThat(LiveCall.listGetter().toNumber("+14155551001").client(plivo).get().getCalls()).isEmpty();
        ListResponse<Call> all = Call.lister().client(plivo).list();
        assertThat(all.getMeta().getTotalCount()).isEqualTo(1L);
        assertThat(all.getMeta().getLimit()).isEqualTo(20L);
        assertThat(all.getMeta().getNext()).isNull();

        long since = before.getEpochSecond();
        assertThat(Call.lister().endTime(new PropertyFilter<Long>().greaterOrEqual(since)).client(plivo).list().getObjects())
                .extracting(Call::getCallUuid).containsExactly(done);
        assertThat(Call.lister().endTime(new PropertyFilter<Long>().lessThan(since)).client(plivo).list().getObjects()).isEmpty();
        assertThat(Call.lister().callDirection(CallDirection.INBOUND).client(plivo).list().getObjects()).isEmpty();
        assertThat(Call.lister().fromNumber(FROM).hangupSource("API").client(plivo).list().getObjects()).hasSize(1);
        assertThat(sim.stats().recordLookups()).isGreaterThanOrEqualTo(8);
        assertThat(sim.stats().liveLookups()).isEqualTo(2);
    }

    @Test
    void aRecordIsFetchedByCallUuidAndAnUnknownOrLiveUuidIsNotFound() throws Exception {
        start(fast(3_000));
        dial(plivo, "+14155551101", "get-1");
        dial(plivo, "+14155551102", "get-2");
        String ended = callUuidOf("get-1", "answer");
        String live = callUuidOf("get-2", "answer");
        Call.deleter(ended).client(plivo).delete();
        callUuidOf("get-1", "hangup");

        Call record = Call.getter(ended).client(plivo).get();

        assertThat(record.getCallUuid()).isEqualTo(ended);
        assertThat(record.getToNumber()).isEqualTo("14155551101");
        assertThat(record.getHangupCauseCode()).isEqualTo(1000);
        assertThatThrownBy(() -> Call.getter("00000000-0000-0000-0000-000000000000").client(plivo).get())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> Call.getter(live).client(plivo).get())
                .as("a call has a record once it ended").isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void liveAndQueuedCallsAreReadThroughTheSdksOwnModels() throws Exception {
        // 0.5 CPS: the first call is placed, the second waits 2 s in the queue
        start(fast(3_000).withCallsPerSecond(0.5));
        String firstRequest = Call.creator(FROM, List.of("+14155551201"), receiver.url("answer", "lq-1", "client-1"))
                .ringUrl(receiver.url("ring", "lq-1", "client-1")).callerName("Acme").client(plivo).create().getRequestUuid();
        String queuedRequest = dial(plivo, "+14155551202", "lq-2");
        String liveUuid = callUuidOf("lq-1", "ring");

        LiveCall live = LiveCall.getter(liveUuid).client(plivo).get();
        QueuedCall queued = QueuedCall.getter(queuedRequest).client(plivo).get();

        assertThat(live.getCallUuid()).isEqualTo(liveUuid);
        assertThat(live.getRequestUuid()).isEqualTo(firstRequest);
        assertThat(live.getTo()).isEqualTo("14155551201");
        assertThat(live.getFrom()).isEqualTo(FROM);
        assertThat(live.getDirection()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(live.getCallStatus()).isIn(CallStatus.RINGING, CallStatus.IN_PROGRESS);
        assertThat(live.getCallerName()).isEqualTo("Acme");
        assertThat(live.getSessionStart()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(queued.getRequestUuid()).isEqualTo(queuedRequest);
        assertThat(queued.getCallStatus()).isEqualTo(CallStatus.QUEUED);
        assertThat(queued.getTo()).isEqualTo("14155551202");
        assertThat(queued.getFrom()).isEqualTo(FROM);
        assertThat(queued.getDirection()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(queued.getCallUuid()).isNotBlank();
        assertThat(QueuedCall.listGetter().client(plivo).get().getCalls()).containsExactly(queuedRequest);
        assertThat(LiveCall.listGetter().fromNumber(FROM).callDirection(CallDirection.OUTBOUND).client(plivo).get().getCalls())
                .containsExactly(liveUuid);
        assertThatThrownBy(() -> QueuedCall.getter(firstRequest).client(plivo).get()).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> LiveCall.getter(queued.getCallUuid()).client(plivo).get()).isInstanceOf(ResourceNotFoundException.class);
        assertThat(sim.stats().queuedLookups()).isEqualTo(3);
    }

    @Test
    void aCallPlacedThenAnswered5xxIsFoundLiveThenInTheRecords() throws Exception {
        start(fast(150));
        sim.faults().serverErrorAfterPlacingRate(1.0);

        assertThatThrownBy(() -> dial(careful, "+14155551301", "uncertain-1")).isInstanceOf(NoBlindRetry.UncertainPlivoAnswer.class);

        await().atMost(WAIT).until(() -> !LiveCall.listGetter().toNumber("+14155551301").client(plivo).get().getCalls().isEmpty());
        String callUuid = LiveCall.listGetter().toNumber("+14155551301").client(plivo).get().getCalls().get(0);
        assertThat(LiveCall.getter(callUuid).client(plivo).get().getTo()).isEqualTo("14155551301");
        await().atMost(WAIT).until(() -> recordsTo("+14155551301").size() == 1);
        assertThat(recordsTo("+14155551301").get(0).getCallUuid()).isEqualTo(callUuid);
        assertThat(recordsTo("+14155551301").get(0).getHangupCauseCode()).isEqualTo(4000);
        await().atMost(WAIT).until(() -> !receiver.where(c -> c.kind().equals("hangup")).isEmpty());
        assertThat(CallbackReceiver.kinds(receiver.received())).containsExactly("ring:ringing", "answer:in-progress", "hangup:completed");
        assertThat(sim.stats().serverErrorsAfterPlacing()).isEqualTo(1);
        assertThat(sim.stats().serverErrorsNotPlaced()).isZero();
        assertThat(sim.stats().dials()).isEqualTo(1);
    }

    @Test
    void aCallRefusedWith5xxIsFoundNowhere() throws Exception {
        start(fast(1));
        sim.faults().serverErrorRate(1.0);

        assertThatThrownBy(() -> dial(careful, "+14155551401", "refused-1")).isInstanceOf(NoBlindRetry.UncertainPlivoAnswer.class);
        // the control: a call placed after it, on another number, has its record by the time we look
        sim.faults().clear();
        dial(plivo, "+14155551402", "placed-1");
        await().atMost(WAIT).until(() -> recordsTo("+14155551402").size() == 1);

        assertThat(recordsTo("+14155551401")).isEmpty();
        assertThat(LiveCall.listGetter().toNumber("+14155551401").client(plivo).get().getCalls()).isEmpty();
        assertThat(QueuedCall.listGetter().client(plivo).get().getCalls()).isEmpty();
        assertThat(receiver.where(c -> "refused-1".equals(c.param("attemptId")))).isEmpty();
        assertThat(sim.stats().serverErrorsNotPlaced()).isEqualTo(1);
        assertThat(sim.stats().dials()).isEqualTo(1);
    }

    @Test
    void recordsComeTwentyToAPageAndTheSdksIteratorWalksThemAll() throws Exception {
        start(fast(1));
        for (int i = 0; i < 25; i++) {
            dial(plivo, "+141555516" + String.format("%02d", i), "page-" + i);
        }
        await().atMost(WAIT).until(() -> Call.lister().client(plivo).get() == 25L);

        ListResponse<Call> first = Call.lister().client(plivo).list();
        List<String> walked = new ArrayList<>();
        for (Call c : Call.lister().client(plivo)) {
            walked.add(c.getCallUuid());
        }

        assertThat(first.getObjects()).hasSize(20);
        assertThat(first.getMeta().getNext()).contains("offset=20").contains("limit=20");
        assertThat(first.getMeta().getPrevious()).isNull();
        assertThat(walked).hasSize(25).doesNotHaveDuplicates();
        assertThat(Call.lister().offset(20).client(plivo).list().getMeta().getPrevious()).contains("offset=0");
    }
}
