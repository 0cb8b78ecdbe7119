package com.dialer.state.callbacks;

import java.time.Duration;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Whether a signed Plivo callback may change anything, decided in Redis so every webhook bridge gives
 * the same answer ({@code admit-callback.lua}). Two guards: a nonce is used once within the nonce
 * window ({@code SET NX PX}); and, whatever the window, a callback for an attempt already in a final
 * state changes nothing and an answer callback is honoured once per call UUID. The second guard is
 * what makes a replay harmless at any age: Plivo's V3 signature carries no timestamp.
 */
public final class CallbackGuard {

    private static final LuaScript ADMIT = LuaScript.fromResource("com/dialer/state/admit-callback.lua");

    /** The guard's answer for one callback. */
    public enum Verdict {
        /** First use: store it. */
        ACCEPTED,
        /** The nonce was used within the window. */
        REPLAYED,
        /** The attempt already ended: nothing changes, at any age. */
        FINAL,
        /** The call was answered before: no second answer XML. */
        ANSWERED
    }

    private final RedisKeys keys;
    private final Duration nonceWindow;
    private final Duration answerMemory;

    /**
     * @param nonceWindow  how long a nonce is refused again; longer than Plivo's whole retry horizon
     * @param answerMemory how long a call's answer is remembered (the hot window: the attempt's own lifetime in Redis)
     */
    public CallbackGuard(RedisKeys keys, Duration nonceWindow, Duration answerMemory) {
        if (nonceWindow.toMillis() < 1 || answerMemory.toMillis() < 1) {
            throw new IllegalArgumentException("nonce window and answer memory must be positive");
        }
        this.keys = keys;
        this.nonceWindow = nonceWindow;
        this.answerMemory = answerMemory;
    }

    /** Loads the script, so the first callback needs no reload and a Redis that is away is found at start-up. */
    public void load(RedisClusterCommands<String, String> redis) {
        ADMIT.load(redis);
    }

    /**
     * @param answeredCallUuid the call UUID of an answer callback; null for every other callback
     */
    public Verdict admit(RedisClusterCommands<String, String> redis, String clientId, String attemptId, String nonce,
                         String answeredCallUuid) {
        String[] keyList = answeredCallUuid == null
                ? new String[] {keys.callbackNonce(clientId, nonce), keys.attempt(clientId, attemptId)}
                : new String[] {keys.callbackNonce(clientId, nonce), keys.attempt(clientId, attemptId),
                    keys.answeredCall(clientId, answeredCallUuid)};
        String verdict = ADMIT.eval(redis, ScriptOutputType.STATUS, keyList, Long.toString(nonceWindow.toMillis()),
                Long.toString(answerMemory.toMillis()), attemptId);
        return Verdict.valueOf(verdict);
    }

    /**
     * Forgets an admitted callback that was then not stored (Kafka unavailable, answered 503), so that
     * Plivo's retry of that very request is admitted.
     */
    public void forget(RedisClusterCommands<String, String> redis, String clientId, String nonce, String answeredCallUuid) {
        if (answeredCallUuid == null) {
            redis.del(keys.callbackNonce(clientId, nonce));
        } else {
            // both keys carry the client's hash tag: one DEL, one cluster slot
            redis.del(keys.callbackNonce(clientId, nonce), keys.answeredCall(clientId, answeredCallUuid));
        }
    }
}
