package com.dialer.plivosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.dialer.plivo.PlivoApiUrl;
import com.plivo.api.PlivoClient;
import com.plivo.api.exceptions.AuthenticationException;
import com.plivo.api.exceptions.InvalidRequestException;
import com.plivo.api.exceptions.PlivoRestException;
import com.plivo.api.models.call.Call;
import com.plivo.api.models.call.CallCreateResponse;
import com.plivo.api.models.call.LiveCall;
import com.plivo.api.models.call.QueuedCall;

import okhttp3.OkHttpClient;

/** The simulator driven by the real plivo-java SDK, with a real webhook receiver. */
class PlivoSimulatorIT extends SdkAgainstSimulator {


    private static SimConfig fast(OutcomeModel model) {
        // a simulated second lasts 10 ms
        return SimConfig.defaults().withCallsPerSecond(1000).withTimeScale(0.01).withOutcomes(model);
    }

    private CallCreateResponse dial(String to, String attemptId, String client) throws Exception {
        return Call.creator(FROM, List.of(to), receiver.url("answer", attemptId, client))
                .ringUrl(receiver.url("ring", attemptId, client))
                .hangupUrl(receiver.url("hangup", attemptId, client))
                .timeLimit(600L).ringTimeout(30L)
                .client(plivo).create();
    }

    @Test
    void aFiredCallCallsBackRingAnswerAndHangupAllSignedSoTheSdkValidatesThem() throws Exception {
        start(fast(OutcomeModel.alwaysAnswer(2, 30)));

        CallCreateResponse response = dial("+14155550101", "a-1", "client-1");

        assertThat(response.getMessage()).isEqualTo("call fired");
        assertThat(response.getRequestUuid()).isNotBlank();
        assertThat(response.getApiId()).isNotBlank();
        await().atMost(WAIT).until(() -> !receiver.where(c -> c.kind().equals("hangup")).isEmpty());
        var callbacks = receiver.received();
        assertThat(CallbackReceiver.kinds(callbacks)).containsExactly("ring:ringing", "answer:in-progress", "hangup:completed");
        assertThat(callbacks).allSatisfy(c -> {
            assertThat(c.signatureValid()).as("signature of %s", c.kind()).isTrue();
            assertThat(c.param("RequestUUID")).isEqualTo(response.getRequestUuid());
            assertThat(c.param("CallUUID")).isNotBlank().isEqualTo(c.param("ALegUUID"));
            assertThat(c.param("ALegRequestUUID")).isEqualTo(response.getRequestUuid());
            assertThat(c.param("From")).isEqualTo(FROM);
            assertThat(c.param("To")).isEqualTo("+14155550101");
            assertThat(c.param("Direction")).isEqualTo("outbound");
            assertThat(c.param("attemptId")).isEqualTo("a-1");
        });
        var hangup = callbacks.get(2);
        assertThat(hangup.param("Event")).isEqualTo("Hangup");
        assertThat(hangup.param("HangupCause")).isEqualTo("NORMAL_CLEARING");
        assertThat(hangup.param("HangupCauseCode")).isEqualTo("4000");
        assertThat(Integer.parseInt(hangup.param("Duration"))).isBetween(25, 35);
        assertThat(hangup.param("BillDuration")).isEqualTo("60");
        assertThat(sim.stats().dials()).isEqualTo(1);
    }

    @Test
    void aTamperedCallbackWouldFailTheSdksValidation() throws Exception {
        start(fast(OutcomeModel.alwaysAnswer(1, 1)));
        dial("+14155550101", "a-1", "client-1");
        await().atMost(WAIT).until(() -> !receiver.where(c -> c.kind().equals("hangup")).isEmpty());

        var ring = receiver.where(c -> c.kind().equals("ring")).get(0);
        var params = new java.util.HashMap<>(ring.params());
        params.remove("attemptId");
        params.remove("client");
        String signature = com.plivo.api.util.Utils.computeSignatureV3(ring.url(), "123", SimConfig.DEFAULT_AUTH_TOKEN, "POST", params);
        params.put("CallStatus", "completed");
        assertThat(com.plivo.api.util.Utils.validateSignatureV3(ring.url(), "123", signature, SimConfig.DEFAULT_AUTH_TOKEN, "POST", params))
                .isFalse();
    }

    @Test
    void callsOverTheCpsAreQueuedAndPlacedAtTheCps() throws Exception {
        start(fast(OutcomeModel.alwaysAnswer(1, 5)).withCallsPerSecond(5));

        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(dial("+1415555020" + i, "q-" + i, "client-1").getMessage());
        }
        List<String> queuedNow = QueuedCall.listGetter().client(plivo).get().getCalls();

        assertThat(messages.get(0)).isEqualTo("call fired");
        assertThat(messages.subList(1, 6)).containsOnly("call queued");
        assertThat(queuedNow).isNotEmpty();
        await().atMost(WAIT).until(() -> receiver.where(c -> c.kind().equals("ring")).size() == 6);
        long[] rings = receiver.where(c -> c.kind().equals("ring")).stream().mapToLong(CallbackReceiver.Callback::atNanos).sorted().toArray();
        // 5 CPS: placements at least ~200 ms apart (a slow machine only spreads them more)
        for (int i = 1; i < rings.length; i++) {
            assertThat(rings[i] - rings[i - 1]).as("gap before call %d", i).isGreaterThan(150_000_000L);
        }
        assertThat(sim.stats().queuedOverCps()).isEqualTo(5);
    }

    @Test
    void aQueuedCallCanBeCancelledAndIsNeverPlaced() throws Exception {
        start(fast(OutcomeModel.alwaysAnswer(1, 5)).withCallsPerSecond(0.5));
        dial("+14155550301", "c-1", "client-1");
        String queued = dial("+14155550302", "c-2", "client-1").getRequestUuid();
        assertThat(QueuedCall.listGetter().client(plivo).get().getCalls()).contains(queued);

        Call.canceller(queued).client(plivo).delete();

        await().atMost(WAIT).until(() -> sim.stats().cancelledQueued() == 1);
        assertThat(QueuedCall.listGetter().client(plivo).get().getCalls()).doesNotContain(queued);
        assertThat(receiver.where(c -> "c-2".equals(c.param("attemptId")))).isEmpty();
    }

    @Test
    void liveCallsAreListedWhileTheyLast() throws Exception {
        start(fast(OutcomeModel.alwaysAnswer(1, 500)));
        dial("+14155550401", "l-1", "client-1");
        await().atMost(WAIT).until(() -> !receiver.where(c -> c.kind().equals("answer")).isEmpty());

        List<String> live = LiveCall.listGetter().client(plivo).get().getCalls();

        assertThat(live).containsExactly(receiver.where(c -> c.kind().equals("answer")).get(0).param("CallUUID"));
    }

    @Test
    void inRejectModeACallOverTheCpsIsRefusedWith5030() throws Exception {
        start(fast(OutcomeModel.alwaysAnswer(1, 1)).withCallsPerSecond(0.2).withRejectOverCps(true));
        dial("+14155550501", "r-1", "client-1");

        assertThatThrownBy(() -> dial("+14155550502", "r-2", "client-1"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("5030");
        assertThat(sim.stats().rejectedOverCps()).isEqualTo(1);
        assertThat(sim.stats().dials()).isEqualTo(1);
    }

    @Test
    void badAuthAnInvalidNumberAndAMissingAnswerUrlGetPlivoStyleErrors() {
        start(fast(OutcomeModel.alwaysAnswer(1, 1)));
        PlivoClient wrongToken = PlivoApiUrl.client(SimConfig.DEFAULT_AUTH_ID, "wrong", sim.apiUrl(), new OkHttpClient.Builder());

        assertThatThrownBy(() -> Call.creator(FROM, List.of("+14155550601"), receiver.url("answer", "x", "c")).client(wrongToken).create())
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> dial("12ab", "x", "c"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("invalid to number");
        assertThatThrownBy(() -> Call.creator(FROM, List.of("+14155550601"), "ftp://nowhere").client(plivo).create())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("invalid answer_url");
        assertThat(sim.stats().dials()).isZero();
    }

    @Test
    void a5xxAfterPlacingMakesTheSdksFallbackRetryPlaceTheCallAgainAndTheWitnessCatchesIt() throws Exception {
        start(fast(OutcomeModel.alwaysAnswer(1, 200)));
        sim.faults().serverErrorAfterPlacingRate(1.0);

        try {
            dial("+14155550701", "dup-1", "client-1");
        } catch (PlivoRestException | RuntimeException expected) {
            // the last 5xx may or may not surface as an exception: the damage is done either way
        }

        WitnessStats stats = sim.stats();
        // create() re-sent the POST to the two fallback hosts: three calls for one attempt
        assertThat(stats.attemptsDialedMoreThanOnce()).containsEntry("dup-1", 3);
        assertThat(stats.numbersDialedWhileLive()).containsEntry("+14155550701", 2);
        assertThat(stats.serverErrors()).isEqualTo(3);
    }

    @Test
    void withoutBlindRetriesA5xxAfterPlacingSurfacesAsUncertainAndThereIsOneDial() {
        start(fast(OutcomeModel.alwaysAnswer(1, 200)));
        PlivoClient careful = PlivoApiUrl.withoutBlindRetries(SimConfig.DEFAULT_AUTH_ID, SimConfig.DEFAULT_AUTH_TOKEN,
                sim.apiUrl(), new OkHttpClient.Builder());
        sim.faults().serverErrorAfterPlacingRate(1.0);

        assertThatThrownBy(() -> Call.creator(FROM, List.of("+14155550702"), receiver.url("answer", "once-1", "client-1"))
                .client(careful).create())
                .isInstanceOf(com.dialer.plivo.NoBlindRetry.UncertainPlivoAnswer.class);

        assertThat(sim.stats().dials()).isEqualTo(1);
        assertThat(sim.stats().attemptsDialedMoreThanOnce()).isEmpty();
    }

    @Test
    void theWitnessReportsKnownOverlapsDuplicatesAndWindows() throws Exception {
        // every call rings 1 s and talks 100 s (simulated): 10 ms and 1 s of real time
        start(fast(OutcomeModel.alwaysAnswer(1, 100)));
        sim.faults().callbackDuplicateRate(1.0);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<CallCreateResponse>> a = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            a.add(pool.submit(() -> dial("+1415555080" + n, "A-" + n, "client-A")));
        }
        for (Future<CallCreateResponse> f : a) {
            f.get();
        }
        // client B: two calls one after the other, never overlapping
        dial("+14155550810", "B-0", "client-B");
        await().atMost(WAIT).until(() -> receiver.where(c -> c.kind().equals("hangup") && "B-0".equals(c.param("attemptId"))).size() >= 1);
        dial("+14155550811", "B-1", "client-B");
        await().atMost(WAIT).until(() -> sim.stats().endedCalls() == 5);

        WitnessStats stats = sim.stats();
        assertThat(stats.dials()).isEqualTo(5);
        assertThat(stats.maxSimultaneousByClient()).containsEntry("client-A", 3).containsEntry("client-B", 1);
        assertThat(stats.maxSimultaneousByCallerId()).containsEntry(FROM, 4);
        assertThat(stats.maxDialsIn1s()).isBetween(4, 5);
        assertThat(stats.maxDialsIn60s()).isEqualTo(5);
        assertThat(stats.callsByOutcome()).containsEntry("completed", 5L);
        assertThat(stats.attemptsDialedMoreThanOnce()).isEmpty();
        assertThat(stats.numbersDialedWhileLive()).isEmpty();
        await().atMost(WAIT).until(() -> receiver.where(c -> c.kind().equals("hangup")).size() == 10);
        // duplicated callbacks: every ring and hangup arrived twice, each validly signed
        assertThat(receiver.where(c -> c.kind().equals("ring"))).hasSize(10).allMatch(CallbackReceiver.Callback::signatureValid);
        pool.close();
    }

    @Test
    void statsAreServedAsJson() throws Exception {
        start(fast(OutcomeModel.alwaysAnswer(1, 1)));
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + sim.port() + "/sim/stats")).timeout(WAIT).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"maxDialsIn60s\"").contains("\"attemptsDialedMoreThanOnce\"");
    }
}
