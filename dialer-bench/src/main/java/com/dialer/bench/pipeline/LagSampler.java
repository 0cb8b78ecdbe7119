package com.dialer.bench.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples every consumer group's lag twice a second while a run lasts: committed offsets against
 * the last stable offsets (read_committed, so transaction markers are not counted as lag). Keeps
 * the largest and the mean total lag per group.
 */
final class LagSampler implements AutoCloseable {
    private static final long PERIOD_MILLIS = 500;

    private final Admin admin;
    private final Thread thread;
    private final Map<String, long[]> byGroup = new TreeMap<>(); // group -> {max, sum, samples}
    private volatile boolean running = true;

    LagSampler(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        thread = Thread.ofPlatform().daemon().name("lag-sampler").start(this::sample);
    }

    private void sample() {
        while (running) {
            try {
                for (GroupListing group : admin.listGroups().all().get(5, TimeUnit.SECONDS)) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                    if (latest.isEmpty()) {
                        continue;
                    }
                    var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                            .get(5, TimeUnit.SECONDS);
                    long lag = 0;
                    for (var e : committed.entrySet()) {
                        if (e.getValue() != null && ends.containsKey(e.getKey())) {
                            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                        }
                    }
                    synchronized (byGroup) {
                        long[] s = byGroup.computeIfAbsent(group.groupId(), g -> new long[3]);
                        s[0] = Math.max(s[0], lag);
                        s[1] += lag;
                        s[2]++;
                    }
                }
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a group that went away between list and describe: the next sample sees the rest
            }
        }
    }

    /** group -> "max / mean" records of the lag seen. */
    Map<String, Lag> lags() {
        Map<String, Lag> out = new TreeMap<>();
        synchronized (byGroup) {
            byGroup.forEach((g, s) -> out.put(g, new Lag(s[0], s[2] == 0 ? 0 : (double) s[1] / s[2])));
        }
        return out;
    }

    record Lag(long max, double mean) {
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close();
    }
}
