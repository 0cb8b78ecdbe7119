package com.dialer.bench.webhook;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import com.dialer.bench.BenchContext;
import com.dialer.bench.ChildJvm;
import com.dialer.bench.Scenario;
import com.dialer.bench.report.ResultTable;
import com.dialer.bridge.BridgeConfig;
import com.dialer.bridge.StartedBridge;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Scenario 4: signed Plivo callbacks into the webhook bridge (its production code: V3 signature
 * check, mapping, an acknowledged produce to call-events before the 200) from a load generator in a
 * second JVM on loopback: callbacks per second and response times, and the records Kafka stored.
 */
public final class WebhookIngestScenario implements Scenario {
    static final String TOKEN = "bench-auth-token";
    static final int[] CONCURRENCY = {8, 32, 128};

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        LocalStack stack = context.stack();
        int count = context.profile().webhookCallbacks();
        ResultTable.Builder table = ResultTable.builder("webhook", String.format(
                        "4. Webhook ingest: %,d signed ring callbacks from a second JVM, per concurrency", count),
                "in flight", "sent", "200 OK", "callbacks/s", "p50 ms", "p99 ms", "max ms", "new records in call-events",
                "CPU µs/callback: bridge", "broker", "GC, JIT, rest", "redis-server", "load JVM");
        TopicCatalog topics = TopicCatalog.of(LocalStack.uniquePrefix("bench-webhook"), 3);
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(topics.campaignCommands(), topics.callEvents(), topics.schemas()));
        }
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
                "TOPIC_PREFIX", topics.prefix(), "BRIDGE_HTTP_PORT", "0", "BRIDGE_BIND_ADDRESS", "127.0.0.1",
                "PLIVO_AUTH_TOKEN", TOKEN, "DEFAULT_BOT_STREAM_URL", "wss://bot.example.invalid/s",
                "BRIDGE_SETTINGS_CATCHUP_MS", "2000", "REDIS_URI", stack.redis().uri(), "REDIS_KEY_PREFIX", topics.prefix() + ":"));
        context.progress("webhook: %,d callbacks at each of %s in flight", count, java.util.Arrays.toString(CONCURRENCY));
        RedisClient redisClient = RedisClient.create(stack.redis().uri());
        try (StartedBridge bridge = StartedBridge.start(BridgeConfig.from(env), new SimpleMeterRegistry());
             StatefulRedisConnection<String, String> redis = redisClient.connect();
             ChildJvm load = ChildJvm.start("webhook-load", List.of("-Xmx512m"), WebhookLoadMain.class, bridge.baseUrl(), TOKEN,
                     Integer.toString(count), java.util.Arrays.stream(CONCURRENCY).mapToObj(Integer::toString)
                             .collect(java.util.stream.Collectors.joining(",")), "120")) {
            // signing and the warm-up happen before READY: each round's CPU is the callbacks' alone
            load.await("READY", Duration.ofSeconds(300));
            long stored = storedEvents(stack, topics);
            for (int concurrency : CONCURRENCY) {
                IngestCpu before = IngestCpu.take(redis.sync());
                load.send("NEXT");
                WebhookLoadMain.Result r = new ObjectMapper().readValue(load.await("RESULT", Duration.ofSeconds(300)),
                        WebhookLoadMain.Result.class);
                Map<String, Double> cpu = IngestCpu.take(redis.sync()).perCallback(before, r.sent());
                long now = storedEvents(stack, topics);
                table.row(concurrency, r.sent(), r.ok(), r.perSecond(), r.millis().p50(), r.millis().p99(), r.millis().max(),
                        now - stored, cpu.get("bridge"), cpu.get("broker"), cpu.get("jvm"), cpu.get("redis"),
                        r.cpuMillis() * 1_000 / Math.max(1, r.sent()));
                stored = now;
            }
        } finally {
            redisClient.shutdown();
        }
        return List.of(table
                .note("each callback: V3 signature checked, mapped to a CallEvent, produced to call-events and acknowledged "
                        + "(acks=all) before the 200; one bridge for all rounds, warmed up first by a tenth as many hangup callbacks "
                        + "(not counted)")
                .note("the load generator (Jetty's asynchronous HttpClient, one connection per request in flight) signs every "
                        + "request with plivo-java before it starts timing; it runs in its own JVM on the same two cores")
                .note("CPU per callback over each round: this JVM's threads by name (the bridge: its Jetty threads, virtual-thread "
                        + "carriers, its producer's and Lettuce's I/O threads; the broker: KRaft's threads), the rest of the process "
                        + "(GC, JIT, threads that ended), redis-server by INFO cpu, the load JVM by its own process CPU time")
                .build());
    }

    private static long storedEvents(LocalStack stack, TopicCatalog topics) throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < topics.callEvents().partitions(); p++) {
                ends.put(new TopicPartition(topics.callEvents().name(), p), OffsetSpec.latest());
            }
            return admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        }
    }
}
