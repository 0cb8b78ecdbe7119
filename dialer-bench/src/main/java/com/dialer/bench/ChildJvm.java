package com.dialer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM on this machine with the same class path, talked to by lines: it prints, we read
 * ({@link #await}); we write, it reads ({@link #send}). For load that must come from another process
 * (a second rate-limit client, a webhook load generator) or a heap that must be measured alone.
 * Its log goes to {@code .dialer/bench-<name>.log}.
 */
public final class ChildJvm implements AutoCloseable {
    private static final String END = "\u0000end";

    private final String name;
    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                lines.add(END);
            }
        }, "child-" + name + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with these JVM options and arguments. */
    public static ChildJvm start(String name, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // JDK 23+ needs this flag for Kafka's and Netty's use of sun.misc.Unsafe; pass on what we were given
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--sun-misc-unsafe-memory-access")).forEach(command::add);
        command.addAll(jvmOptions);
        command.add("-Dlogback.configurationFile=logback-dialer.xml");
        command.add("-Ddialer.console.level=ERROR");
        command.add("-Ddialer.log.file=.dialer/bench-" + name + ".log");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(Path.of(".dialer"));
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(Path.of(".dialer", "bench-" + name + ".err").toFile()))
                    .start();
            return new ChildJvm(name, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the child JVM " + name, e);
        }
    }

    /** Reads lines until one starts with {@code prefix}; returns the rest of it (trimmed). */
    public String await(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new IllegalStateException("child JVM " + name + " said no '" + prefix + "' within " + timeout
                            + " (see .dialer/bench-" + name + ".err)");
                }
                if (line.equals(END)) {
                    lines.add(END);
                    throw new IllegalStateException("child JVM " + name + " ended before saying '" + prefix + "' (see .dialer/bench-"
                            + name + ".err)");
                }
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    public void send(String line) {
        in.println(line);
    }

    /** Closes its input (children end when it closes) and waits a moment before ending it. */
    @Override
    public void close() {
        in.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
