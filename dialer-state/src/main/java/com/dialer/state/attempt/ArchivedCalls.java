package com.dialer.state.attempt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The archive's acknowledgement of finished calls: each archived call's attempt hash shrinks to
 * {@code window} ({@code shorten-archived.lua}, only ever shortening), so Redis holds a finished call
 * for hours rather than the whole hot window. Only the attempt hash: the dial guard, the recipient keys
 * and the answered-call marker keep their own lives, since promises depend on them (docs/DESIGN.md, Redis).
 */
public final class ArchivedCalls {

    private static final LuaScript SHORTEN = LuaScript.fromResource("com/dialer/state/shorten-archived.lua");

    /** One archived call, named as its attempt hash is keyed. */
    public record Call(String clientId, String attemptId) {
    }

    private final RedisKeys keys;
    private final Duration window;

    public ArchivedCalls(RedisKeys keys, Duration window) {
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("the window after archiving must be at least one second, was " + window);
        }
        this.keys = keys;
        this.window = window;
    }

    /** Loads the script now, so the first batch needs no reload. */
    public static void load(RedisClusterCommands<String, String> redis) {
        SHORTEN.load(redis);
    }

    /**
     * Sends one script call per archived call without waiting between them (one pipelined batch).
     *
     * @return completes with how many hot copies were shortened
     */
    public CompletableFuture<Integer> shorten(RedisClusterAsyncCommands<String, String> redis, Collection<Call> calls) {
        String window = Long.toString(this.window.toSeconds());
        List<CompletableFuture<Long>> sent = new ArrayList<>(calls.size());
        for (Call c : calls) {
            sent.add(SHORTEN.<Long>evalAsync(redis, ScriptOutputType.INTEGER,
                    new String[] {keys.attempt(c.clientId(), c.attemptId())}, window).toCompletableFuture());
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenApply(done -> (int) sent.stream().mapToLong(CompletableFuture::join).sum());
    }
}
