package com.dialer.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service as an OS process: started with its command line and environment (nothing inherited
 * but the basics of a shell), its output appended to one log file across restarts, killed for
 * real ({@code SIGKILL}) or stopped as an orchestrator stops a container ({@code SIGTERM}, then
 * {@code SIGKILL} after a grace period).
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    /** What a child keeps from the parent's environment; everything else it gets is named. */
    private static final Set<String> INHERITED = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER");
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** What a first stop may add while the JVM writes its class data archive (ChildJvm): tens of seconds on a loaded machine. */
    private static final Duration ARCHIVE_WRITE = Duration.ofSeconds(120);

    private final Service service;
    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private int starts;

    ServiceProcess(Service service, List<String> command, Map<String, String> environment, Path log) {
        this(service, service.id(), command, environment, log);
    }

    /** @param name the instance's name: the service's id, or with its number when the service runs several */
    ServiceProcess(Service service, String name, List<String> command, Map<String, String> environment, Path log) {
        this.service = service;
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    public Service service() {
        return service;
    }

    /** The instance's name: {@code call-executor}, or {@code call-executor-2} where a service runs twice. */
    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many times it was started. */
    public synchronized int starts() {
        return starts;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts it (again); a no-op while it runs. */
    public synchronized void start() {
        if (isAlive()) {
            return;
        }
        starts++;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().retainAll(INHERITED);
        builder.environment().putAll(environment);
        try {
            mark("start #" + starts);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        LOG.info("{} started (pid {}, start #{})", name, process.pid(), starts);
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or committed. */
    public synchronized void kill() {
        if (!isAlive()) {
            return;
        }
        long pid = process.pid();
        process.destroyForcibly();
        await(process, Duration.ofSeconds(10));
        mark("killed (SIGKILL)");
        LOG.info("{} killed (pid {})", name, pid);
    }

    /** A graceful stop: {@code SIGTERM}, then {@code SIGKILL} if it has not exited within the grace period. */
    public synchronized void stop() {
        if (!isAlive()) {
            return;
        }
        long pid = process.pid();
        process.destroy();
        Duration grace = writesArchiveAtExit() ? STOP_GRACE.plus(ARCHIVE_WRITE) : STOP_GRACE;
        if (!await(process, grace)) {
            LOG.warn("{} (pid {}) ignored SIGTERM for {}; its threads go to its log, then it is killed", name, pid, grace);
            dumpThreads(pid);
            process.destroyForcibly();
            await(process, Duration.ofSeconds(10));
            mark("did not stop within " + grace + ": killed");
        } else {
            mark("stopped (SIGTERM), exit " + process.exitValue());
        }
        LOG.info("{} stopped (pid {})", name, pid);
    }

    /** Whether this JVM writes its class data archive as it exits: its stop is allowed the time that takes. */
    public boolean writesArchiveAtExit() {
        return command.stream().anyMatch(a -> a.startsWith(ChildJvm.ARCHIVE_AT_EXIT));
    }

    /** The exit code of the last run, or null while it runs or before it ran. */
    public synchronized Integer exitCode() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    @Override
    public void close() {
        stop();
    }

    /** SIGQUIT: the JVM prints every thread's stack to its stdout, this log, showing what held the stop. */
    private void dumpThreads(long pid) {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1_000);
        } catch (IOException e) {
            LOG.warn("cannot ask {} for its threads: {}", name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void mark(String what) {
        try {
            Files.writeString(log, "=== chaos: " + name + " " + what + " at " + Instant.now() + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot write to {}: {}", log, e.toString());
        }
    }

    private static boolean await(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
