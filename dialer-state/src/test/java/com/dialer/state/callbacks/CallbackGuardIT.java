package com.dialer.state.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.callbacks.CallbackGuard.Verdict;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** {@code admit-callback.lua} on a real Redis: what two bridges sharing it decide. */
@ExtendWith(LocalStackExtension.class)
class CallbackGuardIT {
    private static final Duration WINDOW = Duration.ofMillis(300);

    private final RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("guard") + ":");
    private final CallbackGuard bridgeA = new CallbackGuard(keys, WINDOW, Duration.ofMinutes(10));
    private final CallbackGuard bridgeB = new CallbackGuard(keys, WINDOW, Duration.ofMinutes(10));
    private RedisClient client;
    private StatefulRedisConnection<String, String> a;
    private StatefulRedisConnection<String, String> b;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        a = client.connect();
        b = client.connect();
        bridgeA.load(a.sync());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        client.shutdown();
    }

    @Test
    void aNonceIsAdmittedOnceAcrossBridgesWithinTheWindow() {
        CallbackGuard first = new CallbackGuard(keys, Duration.ofMinutes(10), Duration.ofMinutes(10));
        CallbackGuard second = new CallbackGuard(keys, Duration.ofMinutes(10), Duration.ofMinutes(10));
        assertThat(first.admit(a.sync(), "acme", "c:1:1", "nonce-1", null)).isEqualTo(Verdict.ACCEPTED);
        assertThat(second.admit(b.sync(), "acme", "c:1:1", "nonce-1", null)).isEqualTo(Verdict.REPLAYED);
        assertThat(second.admit(b.sync(), "globex", "c:1:1", "nonce-1", null)).as("another client's key").isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aCallbackForAnEndedAttemptChangesNothingAtAnyAge() throws Exception {
        RedisClusterCommands<String, String> redis = a.sync();
        assertThat(bridgeA.admit(redis, "acme", "c:2:1", "nonce-2", null)).isEqualTo(Verdict.ACCEPTED);
        redis.hset(keys.attempt("acme", "c:2:1"), Map.of("state", "COMPLETED", "finalStatus", "COMPLETED"));
        Thread.sleep(WINDOW.toMillis() + 200);

        assertThat(redis.exists(keys.callbackNonce("acme", "nonce-2"))).as("the nonce aged out").isZero();
        assertThat(bridgeB.admit(b.sync(), "acme", "c:2:1", "nonce-2", null)).isEqualTo(Verdict.FINAL);
        assertThat(bridgeB.admit(b.sync(), "acme", "c:2:1", "nonce-fresh", "call-2")).isEqualTo(Verdict.FINAL);
    }

    @Test
    void aCallIsAnsweredOnceWhateverItsNonceAndAge() throws Exception {
        assertThat(bridgeA.admit(a.sync(), "acme", "c:3:1", "nonce-3", "call-3")).isEqualTo(Verdict.ACCEPTED);
        Thread.sleep(WINDOW.toMillis() + 200);
        assertThat(bridgeB.admit(b.sync(), "acme", "c:3:1", "nonce-3", "call-3")).isEqualTo(Verdict.ANSWERED);
        assertThat(bridgeB.admit(b.sync(), "acme", "c:3:1", "nonce-4", "call-3")).isEqualTo(Verdict.ANSWERED);
        assertThat(bridgeB.admit(b.sync(), "acme", "c:3:1", "nonce-5", null)).as("its hangup").isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aForgottenCallbackIsAdmittedAgainForPlivosRetry() {
        assertThat(bridgeA.admit(a.sync(), "acme", "c:4:1", "nonce-6", "call-4")).isEqualTo(Verdict.ACCEPTED);
        bridgeA.forget(a.sync(), "acme", "nonce-6", "call-4");
        assertThat(bridgeB.admit(b.sync(), "acme", "c:4:1", "nonce-6", "call-4")).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aNonceOfAnyTextMakesAKeyUnderItsClientsHashTag() {
        String key = keys.callbackNonce("acme", "}:{globex}:x" + "n".repeat(500));
        assertThat(key).startsWith(keys.prefix() + "nonce:{acme}:").hasSize(keys.prefix().length() + "nonce:{acme}:".length() + 64);
    }
}
