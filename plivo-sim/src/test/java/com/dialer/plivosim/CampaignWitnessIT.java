package com.dialer.plivosim;

import static org.assertj.core.api.Assertions.assertThat;
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
import com.plivo.api.models.call.Call;

import okhttp3.OkHttpClient;

/** The witness tells live calls apart by campaign, from the callback URLs' {@code campaign} parameter. */
class CampaignWitnessIT {
    private static final String FROM = "+14155550100";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void maxLiveCallsAreCountedPerCampaignAndPerClient() throws Exception {
        // every call rings 1 s and talks 100 s (simulated): about 1 s of real time
        SimConfig config = SimConfig.defaults().withCallsPerSecond(1000).withTimeScale(0.01)
                .withOutcomes(OutcomeModel.alwaysAnswer(1, 100));
        try (CallbackReceiver receiver = new CallbackReceiver(SimConfig.DEFAULT_AUTH_TOKEN);
             PlivoSimulator sim = PlivoSimulator.start(config);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            PlivoClient plivo = PlivoApiUrl.client(config.authId(), config.authToken(), sim.apiUrl(), new OkHttpClient.Builder());
            List<Future<?>> together = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                together.add(pool.submit(() -> dial(plivo, receiver, "+1415555300" + n, "spring-" + n, "spring")));
            }
            together.add(pool.submit(() -> dial(plivo, receiver, "+14155553010", "autumn-0", "autumn")));
            for (Future<?> f : together) {
                f.get();
            }
            await().atMost(WAIT).until(() -> !receiver.where(c -> c.kind().equals("hangup") && "autumn-0".equals(c.param("attemptId"))).isEmpty());
            // autumn's second call starts after its first ended: never two autumn calls at once
            dial(plivo, receiver, "+14155553011", "autumn-1", "autumn");
            await().atMost(WAIT).until(() -> sim.stats().endedCalls() == 5);

            WitnessStats stats = sim.stats();
            assertThat(stats.maxSimultaneousByCampaign()).containsEntry("spring", 3).containsEntry("autumn", 1).hasSize(2);
            assertThat(stats.maxSimultaneousByClient()).containsEntry("acme", 4).hasSize(1);
            assertThat(sim.witness().dials()).extracting(Witness.Dial::campaign)
                    .containsExactlyInAnyOrder("spring", "spring", "spring", "autumn", "autumn");
        }
    }

    private static Void dial(PlivoClient plivo, CallbackReceiver receiver, String to, String attemptId, String campaign) throws Exception {
        Call.creator(FROM, List.of(to), receiver.url("answer", attemptId, "acme", campaign))
                .ringUrl(receiver.url("ring", attemptId, "acme", campaign))
                .hangupUrl(receiver.url("hangup", attemptId, "acme", campaign))
                .client(plivo).create();
        return null;
    }
}
