package com.dialer.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;

@ExtendWith(LocalStackExtension.class)
class LuaScriptIT {
    private final LuaScript script = LuaScript.fromResource("com/dialer/state/echo-time.lua");
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void runsBySha(LocalStack stack) {
        String key = LocalStack.uniquePrefix("lua") + "{x}";
        script.load(connection.sync());
        Long micros = script.eval(connection.sync(), ScriptOutputType.INTEGER, new String[] {key}, "v");

        assertThat(micros).isCloseTo(System.currentTimeMillis() * 1000, org.assertj.core.data.Offset.offset(5_000_000L));
        assertThat(connection.sync().get(key)).isEqualTo("v");
    }

    @Test
    void reloadsAfterTheScriptCacheIsFlushed() throws Exception {
        String key = LocalStack.uniquePrefix("lua") + "{y}";
        connection.sync().scriptFlush();
        assertThat(script.<Long>eval(connection.sync(), ScriptOutputType.INTEGER, new String[] {key}, "sync")).isPositive();

        connection.sync().scriptFlush();
        Long viaAsync = script.<Long>evalAsync(connection.async(), ScriptOutputType.INTEGER, new String[] {key}, "async")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(viaAsync).isPositive();
        assertThat(connection.sync().get(key)).isEqualTo("async");
    }
}
