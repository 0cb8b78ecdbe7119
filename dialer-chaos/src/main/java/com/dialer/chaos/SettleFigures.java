package com.dialer.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How the pipeline settled what Plivo left open, from the services' own log lines
 * ({@code settle: <what> <how> in <ms> ms}): unknown dials (a 5xx or a timeout) found placed or proven not
 * placed by the executor, overdue calls settled from their call records by the status-processor. The
 * promises themselves are measured at the simulator; these say how fast the reconciliation was.
 *
 * @param latencies milliseconds by {@code "<what> <how>"} (e.g. {@code unknown placed}, {@code overdue from-record})
 */
record SettleFigures(Map<String, List<Long>> latencies) {
    private static final Pattern SETTLE = Pattern.compile("settle: (\\S+ \\S+) in (\\d+) ms");

    static SettleFigures of(Collection<Path> logs) {
        Map<String, List<Long>> latencies = new TreeMap<>();
        for (Path log : logs) {
            if (!Files.exists(log)) {
                continue;
            }
            // Latin-1: any byte is a character, so a stray byte never hides the rest of a log
            try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                lines.forEach(line -> {
                    Matcher m = SETTLE.matcher(line);
                    if (m.find()) {
                        latencies.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Long.parseLong(m.group(2)));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + log, e);
            }
        }
        return new SettleFigures(latencies);
    }

    long count(String kind) {
        return latencies.getOrDefault(kind, List.of()).size();
    }

    /** The {@code p}-quantile (0..1) of one kind, in ms; -1 when none. */
    long percentile(String kind, double p) {
        List<Long> sorted = latencies.getOrDefault(kind, List.of()).stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    /** One line per kind: how many, p50 and p99. Empty when nothing had to be settled. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        latencies.forEach((kind, values) -> lines.add(kind + ": " + values.size() + " settled, p50 " + percentile(kind, 0.5)
                + " ms, p99 " + percentile(kind, 0.99) + " ms"));
        return lines;
    }
}
