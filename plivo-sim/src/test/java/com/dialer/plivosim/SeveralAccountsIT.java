package com.dialer.plivosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.dialer.plivo.PlivoApiUrl;
import com.plivo.api.PlivoClient;
import com.plivo.api.exceptions.AuthenticationException;
import com.plivo.api.models.call.Call;
import com.plivo.api.models.call.LiveCall;

import okhttp3.OkHttpClient;

/** Several accounts on one simulator: each its own credentials, CPS, calls and callback signatures. */
class SeveralAccountsIT extends SdkAgainstSimulator {
    static final SimAccount OTHER = new SimAccount("SAOTHERACCOUNT000001", "other-account-token", 1000);

    @Test
    void eachAccountDialsWithItsOwnCredentialsSeesOnlyItsOwnCallsAndIsCalledBackSignedWithItsOwnToken() throws Exception {
        // calls talk 30 s (3000 simulated): still live when listed, however loaded the machine
        start(fast(3000).withAccount(OTHER));
        PlivoClient other = PlivoApiUrl.client(OTHER.authId(), OTHER.authToken(), sim.apiUrl(), new OkHttpClient.Builder());
        CallbackReceiver otherReceiver = new CallbackReceiver(OTHER.authToken());
        try {
            dial(plivo, "+14155550101", "main-1");
            Call.creator(FROM, List.of("+14155550102"), otherReceiver.url("answer", "other-1", "client-2"))
                    .hangupUrl(otherReceiver.url("hangup", "other-1", "client-2")).client(other).create();

            await().atMost(WAIT).until(() -> !receiver.where(c -> c.kind().equals("answer")).isEmpty()
                    && !otherReceiver.where(c -> c.kind().equals("answer")).isEmpty());
            assertThat(receiver.received()).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
            assertThat(otherReceiver.received()).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
            // an account lists its own live calls only
            assertThat(LiveCall.listGetter().client(plivo).get().getCalls()).hasSize(1);
            assertThat(LiveCall.listGetter().client(other).get().getCalls()).hasSize(1);
            var stats = sim.stats();
            assertThat(stats.dialsByAccount()).containsEntry(SimConfig.DEFAULT_AUTH_ID, 1L).containsEntry(OTHER.authId(), 1L);
            assertThat(sim.witness().dials()).extracting(Witness.Dial::account)
                    .containsExactlyInAnyOrder(SimConfig.DEFAULT_AUTH_ID, OTHER.authId());
        } finally {
            otherReceiver.close();
        }
    }

    @Test
    void oneAccountsIdWithAnothersTokenIsRefused() {
        start(fast(1).withAccount(OTHER));
        PlivoClient mixed = PlivoApiUrl.client(OTHER.authId(), SimConfig.DEFAULT_AUTH_TOKEN, sim.apiUrl(), new OkHttpClient.Builder());
        assertThatThrownBy(() -> dial(mixed, "+14155550101", "x-1")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void eachAccountsCallsOverItsOwnCpsAreQueuedApartFromTheOthers() throws Exception {
        // one call per 100 s each: a second call of one account is queued however slow the machine
        start(fast(1).withCallsPerSecond(0.01).withAccount(new SimAccount(OTHER.authId(), OTHER.authToken(), 0.01)));
        PlivoClient other = PlivoApiUrl.client(OTHER.authId(), OTHER.authToken(), sim.apiUrl(), new OkHttpClient.Builder());
        assertThat(Call.creator(FROM, List.of("+14155550101"), receiver.url("answer", "m-1", "c")).client(plivo).create().getMessage())
                .isEqualTo("call fired");
        // the other account's first call is not behind the main account's
        assertThat(Call.creator(FROM, List.of("+14155550102"), receiver.url("answer", "o-1", "c")).client(other).create().getMessage())
                .isEqualTo("call fired");
        assertThat(Call.creator(FROM, List.of("+14155550103"), receiver.url("answer", "m-2", "c")).client(plivo).create().getMessage())
                .isEqualTo("call queued");
        assertThat(sim.stats().queuedOverCpsByAccount()).containsEntry(SimConfig.DEFAULT_AUTH_ID, 1L).containsEntry(OTHER.authId(), 0L);
    }
}
