package com.dialer.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import io.lettuce.core.RedisClient;

/**
 * CPU used so far by this process, each of its live platform threads (ThreadMXBean, by thread id,
 * so a thread started later counts whole) and the Redis server (INFO cpu, its own process and its
 * children), with the JIT compilers' and the collectors' time. Two snapshots give the CPU of a window, charged to {@link Component}s.
 */
record CpuSnapshot(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> threadNames, double redisSeconds,
                   long jitMillis, long gcMillis) {

    static CpuSnapshot take(String redisUri) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] >= 0) {
                nanos.put(ids[i], cpu[i]);
                names.put(ids[i], infos[i].getThreadName());
            }
        }
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
        return new CpuSnapshot(os.getProcessCpuTime(), nanos, names, redisCpuSeconds(redisUri),
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), gc);
    }

    static double redisCpuSeconds(String redisUri) {
        RedisClient client = RedisClient.create(redisUri);
        try (var connection = client.connect()) {
            double seconds = 0;
            for (String line : connection.sync().info("cpu").lines().toList()) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")
                        || line.startsWith("used_cpu_sys_children:") || line.startsWith("used_cpu_user_children:")) {
                    seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return seconds;
        } finally {
            client.shutdown();
        }
    }

    /**
     * CPU nanoseconds per component between {@code start} and this snapshot: each thread alive at the
     * end by its name; the process's CPU not on any such thread (GC, JIT compilers, threads that ended)
     * as {@link Component#JVM}; Redis from its own counters.
     */
    Map<Component, Long> since(CpuSnapshot start) {
        Map<Component, Long> out = new EnumMap<>(Component.class);
        long onThreads = 0;
        for (var e : threadNanos.entrySet()) {
            long used = e.getValue() - start.threadNanos.getOrDefault(e.getKey(), 0L);
            onThreads += used;
            out.merge(Component.ofThread(threadNames.get(e.getKey())), used, Long::sum);
        }
        out.put(Component.JVM, Math.max(0, processNanos - start.processNanos - onThreads));
        out.put(Component.REDIS_SERVER, Math.round((redisSeconds - start.redisSeconds) * 1e9));
        return out;
    }

    long processNanosSince(CpuSnapshot start) {
        return processNanos - start.processNanos;
    }
}
