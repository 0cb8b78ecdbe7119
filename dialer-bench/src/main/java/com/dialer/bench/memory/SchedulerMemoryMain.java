package com.dialer.bench.memory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import com.dialer.scheduler.SchedulerApp.StartedScheduler;
import com.dialer.scheduler.SchedulerConfig;
import com.dialer.state.RedisKeys;

/**
 * The memory scenario's scheduler, alone in its JVM so that its heap and RSS are its own: the
 * production {@link StartedScheduler} on the bench's Kafka and Redis. Prints {@code READY} once its
 * streams run; answers {@code MEASURE} with {@code MEASURED <heap bytes after GC> <RSS bytes> <state
 * dir bytes>}; stops when its input closes. Arguments: bootstrapServers redisUri topicPrefix stateDir.
 */
public final class SchedulerMemoryMain {

    private SchedulerMemoryMain() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[3]);
        // a limit of one call a minute keeps every contact pending
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", args[0], "REDIS_URI", args[1],
                "TOPIC_PREFIX", args[2], "TOPIC_PARTITIONS", "1", "APPLICATION_ID", args[2] + "scheduler",
                "MAX_CALLS_PER_MINUTE", "1", "RATE_LIMIT_BURST", "1"));
        Properties overrides = new Properties();
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // fewer transactions while a million contacts come in; the figure measured is memory, not latency
        overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        try (StartedScheduler scheduler = StartedScheduler.start(config, new RedisKeys(args[2]), overrides, new SimpleMeterRegistry())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (scheduler.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.println("READY " + scheduler.streams().state());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("MEASURE")) {
                    System.out.println("MEASURED " + heapAfterGc() + " " + rssBytes() + " " + size(stateDir));
                }
            }
        }
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Resident set size from /proc (Linux), -1 elsewhere. */
    static long rssBytes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
