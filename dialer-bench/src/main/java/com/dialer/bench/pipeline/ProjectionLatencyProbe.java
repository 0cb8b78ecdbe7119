package com.dialer.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Webhook → Redis latency of final states, measured without touching the pipeline: apply-event.lua
 * announces a freed slot on {@code slots:{client}:released} in the same script that writes the
 * final state, so the announcement's arrival is when Redis showed it. The attempt's {@code endedAt}
 * is the time the bridge received the hangup callback (the event's occurredAt). Same machine, one
 * clock; millisecond resolution.
 */
final class ProjectionLatencyProbe implements AutoCloseable {
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final RedisConnection reads;
    private final ExecutorService lookups = Executors.newSingleThreadExecutor();
    private final List<Long> millis = new ArrayList<>();

    ProjectionLatencyProbe(String redisUri, RedisKeys keys) {
        reads = RedisConnection.open("REDIS_URI", redisUri);
        pubsub = reads.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String attemptId) {
                long arrived = System.currentTimeMillis();
                String clientId = channel.substring(channel.indexOf('{') + 1, channel.indexOf('}'));
                lookups.execute(() -> {
                    String endedAt = reads.sync().hget(keys.attempt(clientId, attemptId), "endedAt");
                    if (endedAt != null) {
                        synchronized (millis) {
                            millis.add(Math.max(0, arrived - Long.parseLong(endedAt)));
                        }
                    }
                });
            }
        });
        pubsub.sync().psubscribe(keys.slots("*") + ":released");
    }

    List<Long> latenciesMillis() {
        synchronized (millis) {
            return List.copyOf(millis);
        }
    }

    @Override
    public void close() {
        lookups.shutdown();
        pubsub.close();
        reads.close();
    }
}
