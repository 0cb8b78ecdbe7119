package com.dialer.plivosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.dialer.plivo.NoBlindRetry;
import com.plivo.api.models.call.Call;


/** Plivo's bad days, switched on at run time, seen through plivo-java and a webhook receiver. */
class FaultsIT extends SdkAgainstSimulator {


    private List<CallbackReceiver.Callback> callbacks(String kind, String attemptId) {
        return receiver.where(c -> c.kind().equals(kind) && attemptId.equals(c.param("attemptId")));
    }

    private int recordsTo(String number) throws Exception {
        return Call.lister().toNumber(number).client(plivo).list().getObjects().size();
    }

    @Test
    void aLostHangupCallbackNeverArrivesButTheCallsRecordDoes() throws Exception {
        start(fast(10));
        sim.faults().hangupCallbackLossRate(1.0);

        dial(plivo, "+14155552001", "lost-1");
        await().atMost(WAIT).until(() -> recordsTo("+14155552001") == 1);
        // a hangup callback would have gone out right after the record: give it ample time to land
        Thread.sleep(1_000);

        assertThat(callbacks("ring", "lost-1")).hasSize(1);
        assertThat(callbacks("answer", "lost-1")).hasSize(1);
        assertThat(callbacks("hangup", "lost-1")).isEmpty();
        assertThat(sim.stats().lostHangupCallbacks()).isEqualTo(1);
        assertThat(sim.stats().endedCalls()).isEqualTo(1);

        sim.faults().clear();
        dial(plivo, "+14155552002", "kept-1");
        await().atMost(WAIT).until(() -> callbacks("hangup", "kept-1").size() == 1);
        assertThat(sim.stats().lostHangupCallbacks()).isEqualTo(1);
    }

    @Test
    void serverErrorsInBurstsStrikeOnlyDuringOnPeriods() throws Exception {
        start(fast(1));
        long on = 300_000_000L;
        long cycle = 600_000_000L;
        long armedAfter = System.nanoTime();
        sim.faults().serverErrorRate(FaultRate.inBursts(1.0, Duration.ofNanos(on), Duration.ofNanos(cycle - on)));
        long armedBefore = System.nanoTime();

        int inOn = 0;
        int inOff = 0;
        List<String> wrong = new ArrayList<>();
        long end = armedBefore + 6 * cycle;
        for (int i = 0; i < 400 && System.nanoTime() < end; i++) {
            long sent = System.nanoTime();
            boolean refused;
            try {
                dial(careful, "+1415555" + String.format("%04d", 3000 + i), "burst-" + i);
                refused = false;
            } catch (NoBlindRetry.UncertainPlivoAnswer e) {
                refused = true;
            }
            long received = System.nanoTime();
            // the server drew somewhere in [sent, received]; the cycle started in [armedAfter, armedBefore]
            long earliest = sent - armedBefore;
            long latest = received - armedAfter;
            boolean surelyOn = Math.floorDiv(earliest, cycle) == Math.floorDiv(latest, cycle) && Math.floorMod(latest, cycle) < on;
            boolean surelyOff = Math.floorDiv(earliest, cycle) == Math.floorDiv(latest, cycle) && Math.floorMod(earliest, cycle) >= on;
            if (surelyOn) {
                inOn++;
                if (!refused) {
                    wrong.add("request " + i + " placed inside an on period");
                }
            } else if (surelyOff) {
                inOff++;
                if (refused) {
                    wrong.add("request " + i + " refused inside an off period");
                }
            }
            Thread.sleep(15);
        }

        assertThat(wrong).isEmpty();
        assertThat(inOn).as("requests surely inside on periods").isGreaterThan(10);
        assertThat(inOff).as("requests surely inside off periods").isGreaterThan(10);
        assertThat(sim.stats().serverErrorsNotPlaced()).isGreaterThanOrEqualTo(inOn);
        assertThat(sim.stats().dials()).isGreaterThanOrEqualTo(inOff);
    }

    @Test
    void atRate0point3BothKindsOf5xxHappenAndEveryPlacedCallIsARealCall() throws Exception {
        start(fast(1).withSeed(11));
        sim.faults().serverErrorRate(0.3).serverErrorAfterPlacingRate(0.3);
        int refused = 0;
        int uncertainButPlaced = 0;
        int fired = 0;
        for (int i = 0; i < 80; i++) {
            try {
                dial(careful, "+1415555" + String.format("%04d", 4000 + i), "mix-" + i);
                fired++;
            } catch (NoBlindRetry.UncertainPlivoAnswer e) {
                if (e.status() == 500) {
                    refused++;
                } else {
                    uncertainButPlaced++;
                }
            }
        }
        int placed = fired + uncertainButPlaced;
        await().atMost(WAIT).until(() -> Call.lister().client(plivo).get() == placed && sim.stats().liveCalls() == 0);
        await().atMost(WAIT).until(() -> receiver.where(c -> c.kind().equals("hangup")).size() == placed);

        WitnessStats stats = sim.stats();
        assertThat(refused).isBetween(10, 40);
        assertThat(uncertainButPlaced).isBetween(5, 35);
        assertThat(stats.serverErrorsNotPlaced()).isEqualTo(refused);
        assertThat(stats.serverErrorsAfterPlacing()).isEqualTo(uncertainButPlaced);
        assertThat(stats.serverErrors()).isEqualTo(refused + uncertainButPlaced);
        assertThat(stats.dials()).isEqualTo(placed);
        assertThat(stats.endedCalls()).isEqualTo(placed);
        assertThat(receiver.where(c -> c.kind().equals("ring"))).hasSize(placed);
    }

    @Test
    void lateCallbacksComeAfterTheirDelayWhileTheCallGoesOnAndEnds() throws Exception {
        start(fast(10));
        sim.faults().lateCallbackRate(1.0).lateCallbackDelay(Duration.ofMillis(1_500), Duration.ofMillis(2_000));
        long sent = System.nanoTime();

        dial(plivo, "+14155552101", "late-1");
        await().atMost(WAIT).until(() -> recordsTo("+14155552101") == 1);
        List<String> beforeTheDelay = CallbackReceiver.kinds(receiver.received());
        boolean stillWithinDelay = System.nanoTime() - sent < 1_400_000_000L;
        await().atMost(WAIT).until(() -> callbacks("hangup", "late-1").size() == 1 && callbacks("ring", "late-1").size() == 1);

        // the answer URL is never late (the call needs its XML); ring and hangup are
        if (stillWithinDelay) {
            assertThat(beforeTheDelay).containsExactly("answer:in-progress");
        }
        assertThat(callbacks("ring", "late-1").get(0).atNanos() - sent).isGreaterThanOrEqualTo(1_500_000_000L);
        assertThat(callbacks("hangup", "late-1").get(0).atNanos() - sent).isGreaterThanOrEqualTo(1_500_000_000L);
        assertThat(sim.stats().lateCallbacks()).isEqualTo(2);
    }

    @Test
    void lookupServerErrorsAreRetriedByTheSdksFallbacksAndCounted() throws Exception {
        start(fast(1));
        dial(plivo, "+14155552201", "look-1");
        await().atMost(WAIT).until(() -> recordsTo("+14155552201") == 1);
        long servedBefore = sim.stats().recordLookups();
        sim.faults().lookupServerErrorRate(1.0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Call.lister().client(plivo).list())
                .isInstanceOf(com.plivo.api.exceptions.ServerException.class);

        // plivo-java's VoiceLister tried its main and two fallback hosts
        assertThat(sim.stats().lookupServerErrors()).isEqualTo(3);
        assertThat(sim.stats().recordLookups()).isEqualTo(servedBefore);
    }
}
