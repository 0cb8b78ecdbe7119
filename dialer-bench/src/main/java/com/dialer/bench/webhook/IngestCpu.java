package com.dialer.bench.webhook;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * The CPU this process (the bridge, its Kafka producer and Redis client, and the in-process broker) and the
 * Redis server used so far, split by thread name into the bridge's part and the broker's. Two snapshots around a
 * round give its CPU per callback; the load JVM reports its own.
 */
record IngestCpu(long processNanos, long bridgeNanos, long brokerNanos, double redisSeconds) {

    /** Where a thread's CPU goes: the bridge's threads are named after it; the request's virtual threads run on carriers. */
    static boolean bridgeThread(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("webhook-bridge") || lower.startsWith("kafka-producer-network-thread | webhook-bridge")
                || lower.startsWith("forkjoinpool-1-") || lower.startsWith("lettuce-") || lower.startsWith("asyncappender-worker");
    }

    /** The in-process broker's threads (KRaft broker and controller); the bench's own admin clients are neither. */
    static boolean brokerThread(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !lower.startsWith("kafka-admin-client") && (lower.startsWith("data-plane-kafka") || lower.startsWith("kafka-")
                || lower.startsWith("broker-") || lower.startsWith("controller-") || lower.startsWith("quorum-controller")
                || lower.startsWith("raft") || lower.startsWith("expirationreaper") || lower.startsWith("group-coordinator")
                || lower.startsWith("share-coordinator") || lower.startsWith("logdirfailurehandler"));
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
        return new IngestCpu(os.getProcessCpuTime(), bridge, broker, redisCpuSeconds(redis));
    }

    private static double redisCpuSeconds(RedisCommands<String, String> redis) {
        double seconds = 0;
        for (String line : redis.info("cpu").lines().toList()) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
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
