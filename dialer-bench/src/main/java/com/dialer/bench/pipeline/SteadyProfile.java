package com.dialer.bench.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of this process's execution samples over the steady part of a run, and what it
 * says: samples per {@link Component} (a virtual thread by the outermost frame of ours on its stack,
 * since its carrier is shared), the top leaf frames of each, and the stacks in the collapsed format
 * flame-graph tools read ({@code component;outer;...;leaf count}).
 */
final class SteadyProfile {
    static final Duration PERIOD = Duration.ofMillis(10);
    private static final int STACK_DEPTH = 96;

    private final Recording recording = new Recording();

    SteadyProfile() {
        recording.enable("jdk.ExecutionSample").withPeriod(PERIOD).withStackTrace();
        recording.setToDisk(true);
        recording.setName("dialer-bench-pipeline");
    }

    void start() {
        recording.start();
    }

    /** Stops the recording, writes it and its summaries into {@code dir}, and returns them. */
    Result stopAndWrite(Path dir) throws IOException {
        recording.stop();
        Files.createDirectories(dir);
        Path jfr = dir.resolve("pipeline.jfr");
        recording.dump(jfr);
        recording.close();
        return summarize(jfr, dir);
    }

    /**
     * Summarizes a recording made by this class again (after the rules of {@link Component} changed, say):
     * {@code java -cp 'dialer-bench/target/dialer-bench.jar:dialer-bench/target/lib/*'
     * com.dialer.bench.pipeline.SteadyProfile pipeline.jfr OUT_DIR}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SteadyProfile RECORDING.jfr OUT_DIR");
            System.exit(2);
        }
        Files.createDirectories(Path.of(args[1]));
        System.out.print(summarize(Path.of(args[0]), Path.of(args[1])).topFramesText());
    }

    /** Reads the execution samples of {@code jfr} and writes the summaries and the flame graph into {@code dir}. */
    static Result summarize(Path jfr, Path dir) throws IOException {
        Map<Component, Long> samples = new EnumMap<>(Component.class);
        Map<Component, Long> virtualSamples = new EnumMap<>(Component.class);
        Map<Component, Map<String, Long>> leaves = new EnumMap<>(Component.class);
        Map<String, Long> collapsed = new HashMap<>();
        Map<Component, Map<String, Long>> byCode = new EnumMap<>(Component.class);
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            RecordedThread thread = event.getThread("sampledThread");
            String name = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
            // a virtual thread is sampled as itself or, on some JDKs, as its carrier: either way by its stack
            boolean virtual = thread != null && thread.isVirtual() || Component.ofThread(name) == Component.CARRIERS;
            Component component = virtual ? byStack(frames) : Component.ofThread(name);
            samples.merge(component, 1L, Long::sum);
            if (virtual) {
                virtualSamples.merge(component, 1L, Long::sum);
            }
            if (!frames.isEmpty()) {
                leaves.computeIfAbsent(component, c -> new HashMap<>()).merge(method(frames.get(0)), 1L, Long::sum);
            }
            StringBuilder stack = new StringBuilder(component.label().replace(';', ','));
            for (int i = Math.min(frames.size(), STACK_DEPTH) - 1; i >= 0; i--) {
                stack.append(';').append(method(frames.get(i)));
            }
            collapsed.merge(stack.toString(), 1L, Long::sum);
            byCode.computeIfAbsent(component, c -> new HashMap<>()).merge(codeOf(frames), 1L, Long::sum);
        }
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(collapsed).forEach((stack, n) -> lines.append(stack).append(' ').append(n).append('\n'));
        Files.writeString(dir.resolve("stacks.collapsed"), lines, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("flame.svg"), FlameGraphSvg.render(collapsed,
                "dialer pipeline, steady window: execution samples by part"), StandardCharsets.UTF_8);
        Result result = new Result(samples, virtualSamples, top(leaves, 12), jfr);
        Files.writeString(dir.resolve("top-frames.txt"), result.topFramesText(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("by-code.txt"), new Result(samples, virtualSamples, top(byCode, 10), jfr).topFramesText()
                .replace("execution samples every", "by code (the innermost frame of ours, else the library): execution samples every"),
                StandardCharsets.UTF_8);
        return result;
    }

    /** The outermost frame of ours that names a service; a virtual thread of none stays with the carriers. */
    private static Component byStack(List<RecordedFrame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedFrame frame = frames.get(i);
            if (frame.getMethod() != null && frame.getMethod().getType() != null) {
                Component c = Component.ofClass(frame.getMethod().getType().getName());
                if (c != null) {
                    return c;
                }
            }
        }
        return Component.CARRIERS;
    }

    /** Where a sample's time goes, by code: the innermost frame of ours, else the library it is in. */
    static String codeOf(List<RecordedFrame> frames) {
        String library = null;
        for (int i = 0; i < frames.size(); i++) {
            String m = method(frames.get(i));
            if (m.startsWith("com.dialer.")) {
                return m;
            }
            if (library == null) {
                library = libraryOf(frames, m);
            }
        }
        return library == null ? "?" : library;
    }

    private static String libraryOf(List<RecordedFrame> frames, String leaf) {
        for (RecordedFrame frame : frames) {
            String m = method(frame);
            if (m.startsWith("kafka.server.KafkaApis.handle") && !m.equals("kafka.server.KafkaApis.handle")) {
                return "Kafka broker: " + m.substring("kafka.server.KafkaApis.".length());
            }
        }
        for (String[] lib : LIBRARIES) {
            for (RecordedFrame frame : frames) {
                if (method(frame).startsWith(lib[0])) {
                    return lib[1];
                }
            }
        }
        return leaf;
    }

    private static final String[][] LIBRARIES = {
            {"org.apache.kafka.streams", "Kafka Streams runtime"}, {"org.apache.kafka.clients", "Kafka clients"},
            {"kafka.", "Kafka broker, other"}, {"org.apache.kafka", "Kafka, other"}, {"io.lettuce", "Lettuce"},
            {"io.netty", "Netty"}, {"jdk.internal.net.http", "JDK HttpClient"}, {"org.eclipse.jetty", "Jetty"},
            {"okhttp3", "OkHttp"}, {"org.rocksdb", "RocksDB"}, {"org.apache.avro", "Avro"},
            {"com.fasterxml.jackson", "Jackson"}, {"ch.qos.logback", "Logback"}, {"com.mongodb", "MongoDB driver"},
            {"de.bwaldvogel.mongo", "mongo-java-server"}};

    private static String method(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return "?";
        }
        String type = frame.getMethod().getType() == null ? "?" : frame.getMethod().getType().getName();
        return type + "." + frame.getMethod().getName();
    }

    private static Map<Component, List<Map.Entry<String, Long>>> top(Map<Component, Map<String, Long>> leaves, int n) {
        Map<Component, List<Map.Entry<String, Long>>> out = new EnumMap<>(Component.class);
        leaves.forEach((c, counts) -> out.put(c, counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(n).toList()));
        return out;
    }

    /**
     * @param samples        execution samples per component, virtual threads included
     * @param virtualSamples of which on virtual threads (their carriers' CPU is split by these)
     * @param topLeaves      each component's most sampled leaf methods
     * @param recording      the .jfr file ({@code jfr print --events jdk.ExecutionSample}, {@code jfr view hot-methods})
     */
    record Result(Map<Component, Long> samples, Map<Component, Long> virtualSamples,
                  Map<Component, List<Map.Entry<String, Long>>> topLeaves, Path recording) {

        /** The carriers' CPU split over the components whose virtual threads ran on them. */
        Map<Component, Long> splitCarriers(long carrierNanos) {
            long total = virtualSamples.values().stream().mapToLong(Long::longValue).sum();
            Map<Component, Long> out = new EnumMap<>(Component.class);
            if (total == 0) {
                out.put(Component.CARRIERS, carrierNanos);
                return out;
            }
            virtualSamples.forEach((c, n) -> out.put(c, carrierNanos * n / total));
            return out;
        }

        String topFramesText() {
            long all = samples.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder out = new StringBuilder(String.format(
                    "execution samples every %d ms over the steady part: %,d in all%n", PERIOD.toMillis(), all));
            List<Component> order = new ArrayList<>(samples.keySet());
            order.sort(Comparator.comparingLong((Component c) -> samples.get(c)).reversed());
            for (Component c : order) {
                long n = samples.get(c);
                out.append(String.format("%n%s: %,d samples (%.1f%%)%n", c.label(), n, 100.0 * n / Math.max(1, all)));
                for (var leaf : topLeaves.getOrDefault(c, List.of())) {
                    out.append(String.format("  %6.1f%%  %s%n", 100.0 * leaf.getValue() / n, leaf.getKey()));
                }
            }
            return out.toString();
        }
    }
}
