package com.dialer.bench.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import com.dialer.bench.report.Machine;
import com.dialer.plivosim.Witness;

/**
 * The steady part of a run: from the simulator's {@code from}-th dial to its {@code to}-th, found by
 * watching the witness every 50 ms. CPU ({@link CpuSnapshot}) is taken at both ends and the JFR
 * profile ({@link SteadyProfile}) records in between; the warm-up before it (JIT, connections,
 * the stack's start) and the tail after it are left out.
 */
final class SteadyWindow implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    private final Witness witness;
    private final Supplier<CpuSnapshot> cpu;
    private final long from;
    private final long to;
    private final SteadyProfile profile = new SteadyProfile();
    private final Thread watcher;
    private volatile boolean running = true;
    private volatile CpuSnapshot start;
    private volatile CpuSnapshot end;
    private volatile long startNanos, endNanos, startMillis, endMillis, startDials, endDials;
    private volatile String loadAtStart, loadAtEnd;

    /** @param cpu the CPU of every part so far: this process's threads, and whatever other processes the stack has */
    SteadyWindow(Witness witness, Supplier<CpuSnapshot> cpu, long from, long to) {
        this.witness = witness;
        this.cpu = cpu;
        this.from = from;
        this.to = to;
        this.watcher = Thread.ofPlatform().daemon().name("bench-steady-window").start(this::watch);
    }

    private void watch() {
        try {
            while (running && end == null) {
                long dials = witness.dialCount();
                if (start == null && dials >= from) {
                    loadAtStart = Machine.loadAverageNow();
                    profile.start();
                    start = cpu.get();
                    startNanos = System.nanoTime();
                    startMillis = System.currentTimeMillis();
                    startDials = witness.dialCount();
                } else if (start != null && dials >= to) {
                    endDials = witness.dialCount();
                    endNanos = System.nanoTime();
                    endMillis = System.currentTimeMillis();
                    end = cpu.get();
                    loadAtEnd = Machine.loadAverageNow();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    boolean closed() {
        return end != null;
    }

    long from() {
        return from;
    }

    long dials() {
        return endDials - startDials;
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    long startMillis() {
        return startMillis;
    }

    long endMillis() {
        return endMillis;
    }

    String loadAtStart() {
        return loadAtStart;
    }

    String loadAtEnd() {
        return loadAtEnd;
    }

    /** JIT compilation and GC milliseconds in the window (the MXBeans' totals: compile threads' time, collections' time). */
    long[] jitAndGcMillis() {
        return new long[] {end.jitMillis() - start.jitMillis(), end.gcMillis() - start.gcMillis()};
    }

    Map<Component, Long> cpu() {
        return end.since(start);
    }

    SteadyProfile.Result profile(Path dir) throws IOException {
        return profile.stopAndWrite(dir);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        watcher.join(10_000);
    }
}
