package com.dialer.plivosim;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.dialer.plivo.PlivoApiUrl;
import com.plivo.api.PlivoClient;
import com.plivo.api.models.call.Call;

import okhttp3.OkHttpClient;

/**
 * The simulator driven by the real plivo-java SDK, callbacks to a real webhook receiver: {@link #plivo}
 * is the SDK as shipped (it re-sends a 5xx POST to its fallback hosts), {@link #careful} is ours (it never does).
 */
abstract class SdkAgainstSimulator {
    static final String FROM = "+14155550100";
    static final Duration WAIT = Duration.ofSeconds(30);

    CallbackReceiver receiver;
    PlivoSimulator sim;
    PlivoClient plivo;
    PlivoClient careful;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new CallbackReceiver(SimConfig.DEFAULT_AUTH_TOKEN);
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        receiver.close();
    }

    void start(SimConfig config) {
        sim = PlivoSimulator.start(config);
        plivo = PlivoApiUrl.client(config.authId(), config.authToken(), sim.apiUrl(), new OkHttpClient.Builder());
        careful = PlivoApiUrl.withoutBlindRetries(config.authId(), config.authToken(), sim.apiUrl(), new OkHttpClient.Builder());
    }

    /** A simulated second lasts 10 ms; calls ring 1 s and talk {@code talkSeconds}. */
    static SimConfig fast(double talkSeconds) {
        return SimConfig.defaults().withCallsPerSecond(1000).withTimeScale(0.01).withOutcomes(OutcomeModel.alwaysAnswer(1, talkSeconds));
    }

    /** Make-a-Call from {@link #FROM} with every callback to the receiver; the request uuid. */
    String dial(PlivoClient client, String to, String attemptId) throws Exception {
        return Call.creator(FROM, List.of(to), receiver.url("answer", attemptId, "client-1"))
                .ringUrl(receiver.url("ring", attemptId, "client-1"))
                .hangupUrl(receiver.url("hangup", attemptId, "client-1"))
                .client(client).create().getRequestUuid();
    }
}
