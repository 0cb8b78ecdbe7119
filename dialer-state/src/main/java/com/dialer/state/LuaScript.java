package com.dialer.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * A Lua script kept as a class-path resource, called by its SHA-1 with {@code EVALSHA} and loaded
 * again when Redis answers {@code NOSCRIPT} (after a restart, a failover or {@code SCRIPT FLUSH}).
 * One round trip in the normal case. On a cluster ({@link RedisConnection}) Lettuce sends
 * {@code SCRIPT LOAD} to every node and {@code EVALSHA} to the node serving its keys' slot.
 */
public final class LuaScript {
    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** Reads a script from the class path, e.g. {@code com/dialer/state/gcra.lua}. */
    public static LuaScript fromResource(String resource) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no Lua script at class-path resource " + resource);
            }
            return new LuaScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + resource, e);
        }
    }

    public String name() {
        return name;
    }

    public String sha() {
        return sha;
    }

    /** Loads the script now, so the first call needs no reload. */
    public void load(RedisClusterCommands<String, String> redis) {
        String loaded = redis.scriptLoad(source);
        if (!loaded.equals(sha)) {
            throw new IllegalStateException("Redis computed SHA " + loaded + " for " + name + ", expected " + sha);
        }
    }

    public <T> T eval(RedisClusterCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            load(redis);
            return redis.evalsha(sha, type, keys, args);
        }
    }

    public <T> CompletionStage<T> evalAsync(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type,
                                            String[] keys, String... args) {
        CompletionStage<T> first = redis.evalsha(sha, type, keys, args);
        return first.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.scriptLoad(source).thenCompose(loaded -> redis.<T>evalsha(sha, type, keys, args));
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    private static String sha1(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    /** The codec every script caller uses: keys and arguments are strings. */
    public static StringCodec codec() {
        return StringCodec.UTF8;
    }
}
