package com.dialer.bench.webhook;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

import com.dialer.bench.pipeline.Component;
import com.dialer.bench.pipeline.CpuSnapshot;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * The CPU this process (the bridge, its Kafka producer and Redis client, and the in-process broker) and the
 * Redis server used so far, split by thread name into the bridge's part and the broker's. Two snapshots around a
 * round give its CPU per callback; the load JVM reports its own.
 */
record IngestCpu(long processNanos, long bridgeNanos, long brokerNanos, double redisSeconds) {

    /**
     * The bridge's part of a thread, by the pipeline bench's attribution ({@link Component}): its own threads, and in
     * this JVM, where only the bridge serves requests, the Redis client's event loops and the virtual threads' carriers.
     */
    static boolean bridgeThread(String name) {
        Component part = Component.ofThread(name);
        return part == Component.BRIDGE || part == Component.REDIS_CLIENT || part == Component.CARRIERS;
    }

    static boolean brokerThread(String name) {
        return Component.ofThread(name) == Component.BROKER;
    }

    static IngestCpu take(RedisCommands<String, String> redis) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long bridge = 0;
        long broker = 0;
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || cpu[i] < 0) {
                continue;
            }
            if (bridgeThread(infos[i].getThreadName())) {
                bridge += cpu[i];
            } else if (brokerThread(infos[i].getThreadName())) {
                broker += cpu[i];
            }
        }
        return new IngestCpu(os.getProcessCpuTime(), bridge, broker, CpuSnapshot.cpuSecondsOf(redis.info("cpu")));
    }

    /** Microseconds of CPU per callback since {@code start}: bridge, broker, the rest of this JVM (GC, JIT), Redis. */
    Map<String, Double> perCallback(IngestCpu start, int callbacks) {
        double n = Math.max(1, callbacks) * 1_000.0;
        long bridge = bridgeNanos - start.bridgeNanos;
        long broker = brokerNanos - start.brokerNanos;
        Map<String, Double> out = new HashMap<>();
        out.put("bridge", bridge / n);
        out.put("broker", broker / n);
        out.put("jvm", Math.max(0, processNanos - start.processNanos - bridge - broker) / n);
        out.put("redis", (redisSeconds - start.redisSeconds) * 1e9 / n);
        return out;
    }
}
