package com.dialer.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Where the figures were measured: they mean little without it. */
public record Machine(int cores, String cpu, long memoryMb, String os, String jdk, String redis, String mongo, String date,
                      String loadAverage) {

    /** @param loadBefore the load average when the run began (see {@link #loadAverageNow()}) */
    public static Machine current(String redis, String mongo, String loadBefore) {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), totalMemoryMb(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " + Runtime.version(),
                redis, mongo, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                loadBefore + " at the start, " + loadAverageNow() + " at the end");
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine moves every figure. */
    public static String loadAverageNow() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public String summary() {
        return cores + " cores (" + cpu + "), " + memoryMb / 1024 + " GiB, " + os + ", JDK " + jdk + ", Redis " + redis
                + ", MongoDB " + mongo + ", " + date + ", load average " + loadAverage;
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown cpu");
    }

    private static long totalMemoryMb() {
        return procLine("/proc/meminfo", "MemTotal")
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(-1L);
    }

    static Optional<String> procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
