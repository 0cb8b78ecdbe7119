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
public record CpuSnapshot(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> threadNames, double redisSeconds,
                   long jitMillis, long gcMillis, Map<Component, Long> otherProcessNanos) {

    /** Linux's USER_HZ, the unit of /proc/&lt;pid&gt;/stat's CPU times on every architecture we run on. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    static CpuSnapshot take(String redisUri) {
        return take(redisUri, Map.of());
    }

    /** As {@link #take(String)}, with the CPU of other processes of the stack (each service's JVM) charged to their parts. */
    static CpuSnapshot take(String redisUri, Map<Component, java.util.List<Long>> processes) {
        Map<Component, Long> others = new EnumMap<>(Component.class);
        processes.forEach((component, pids) -> pids.forEach(pid -> others.merge(component, processCpuNanos(pid), Long::sum)));
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
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), gc, others);
    }

    /** User and system CPU of a process so far (its threads, its GC and JIT), from /proc; 0 for one that is gone. */
    static long processCpuNanos(long pid) {
        try {
            return cpuNanosOfStat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat")));
        } catch (java.io.IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** utime + stime (fields 14 and 15) of a /proc/&lt;pid&gt;/stat line; the command name may hold spaces and parentheses. */
    static long cpuNanosOfStat(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state)
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    static double redisCpuSeconds(String redisUri) {
        RedisClient client = RedisClient.create(redisUri);
        try (var connection = client.connect()) {
            return cpuSecondsOf(connection.sync().info("cpu"));
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
        otherProcessNanos.forEach((c, n) -> out.merge(c, Math.max(0, n - start.otherProcessNanos.getOrDefault(c, 0L)), Long::sum));
        return out;
    }

    long processNanosSince(CpuSnapshot start) {
        return processNanos - start.processNanos;
    }

    /** The CPU seconds redis-server has used, its children's (RDB and AOF rewrites) included, from {@code INFO cpu}. */
    public static double cpuSecondsOf(String infoCpu) {
        double seconds = 0;
        for (String line : infoCpu.lines().toList()) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")
                    || line.startsWith("used_cpu_sys_children:") || line.startsWith("used_cpu_user_children:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }
}
