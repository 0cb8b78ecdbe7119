package com.dialer.bench.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.dialer.bench.BenchContext;
import com.dialer.bench.Scenario;
import com.dialer.bench.measure.Distribution;
import com.dialer.bench.report.ResultTable;
import com.dialer.launcher.demo.DemoCommand;
import com.dialer.launcher.demo.DemoReport;
import com.dialer.launcher.stack.DialerStack;
import com.dialer.state.RedisKeys;

import picocli.CommandLine;

/**
 * Scenario 3: the whole pipeline in one process ({@link DialerStack}: broker, Redis, MongoDB,
 * Connect, plivo-sim, every service) sustained: the demo's campaigns with limits far above what the
 * machine can do, a warm-up, then a steady window of a fixed number of dials over which calls per
 * second, release → final-state latency, consumer lag and the CPU per call of each part are
 * measured, with a JFR profile of the same window ({@link SteadyProfile}). Calls come from the
 * simulator's witness.
 */
public final class PipelineScenario implements Scenario {
    static final int PARTITIONS = 6;
    static final int CLIENTS = 10;
    static final int CAP = 100;
    static final int RATE_PER_MINUTE = 600_000;
    static final int BURST = 1_000;
    static final int CPS = 5_000;
    static final double TIME_SCALE = 0.001;
    /** Where the profile of the steady window goes (relative to the working directory). */
    /** How long the stack's idle cost is measured after the run. */
    static final java.time.Duration IDLE = java.time.Duration.ofSeconds(15);
    static final Path PROFILE_DIR = Path.of(".dialer", "bench-profile", "pipeline");

    @Override
    public String id() {
        return "pipeline";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        int warmUp = context.profile().pipelineWarmUp();
        int measured = context.profile().pipelineContacts();
        // the DNC share and invalid numbers are never dialed; a tail past the window lets the last measured calls end
        int contacts = warmUp + measured + measured / 10;
        context.progress("pipeline: %,d contacts, window = dials %,d..%,d (stack start included)", contacts, warmUp, warmUp + measured);
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--contacts", Integer.toString(contacts), "--clients", Integer.toString(CLIENTS),
                "--cap", Integer.toString(CAP), "--rate", Integer.toString(RATE_PER_MINUTE), "--burst", Integer.toString(BURST),
                "--partitions", Integer.toString(PARTITIONS), "--cps", Integer.toString(CPS),
                "--time-scale", Double.toString(TIME_SCALE), "--max-attempts", "1", "--timeout", "900", "--quiet");
        DialerStack stack = DialerStack.start(demo.stackOptions(), demo.publishing());
        try (stack;
             LagSampler lag = new LagSampler(stack.infrastructure().bootstrapServers());
             ReleaseLatencyProbe latency = new ReleaseLatencyProbe(stack.kafka(), stack.topics().dialRequests(),
                     stack.redisUri(), RedisKeys.standard())) {
            SteadyWindow window = new SteadyWindow(stack.simulator().witness(), () -> CpuSnapshot.take(stack.redisUri()), warmUp,
                    warmUp + measured);
            DemoReport report;
            try (window) {
                report = demo.runOn(stack);
            }
            // the same stack with no call in flight: what it costs per second whatever the traffic (polls, commits, timers)
            context.progress("pipeline: the stack idle for %d s", IDLE.toSeconds());
            Idle idle = measureIdle(() -> CpuSnapshot.take(stack.redisUri()), IDLE);
            String title = String.format("3. Pipeline sustained, one process: %,d dials measured after %,d of warm-up; %d clients (cap %d), "
                            + "limit %,d/min, %d partitions, plivo-sim %,d CPS at time scale %s",
                    window.dials(), window.from(), CLIENTS, CAP, RATE_PER_MINUTE, PARTITIONS, CPS, TIME_SCALE);
            return List.of(table("pipeline", title, RunFigures.of(report), window, idle, latency, lag,
                    stack.startupTime().toMillis() / 1000.0, PROFILE_DIR));
        }
    }

    /** What the run as a whole did: its dials, their rate from submit, and whether the promises held. */
    record RunFigures(long dials, double callsPerSecond, double elapsedSeconds, String promises) {
        static RunFigures of(DemoReport report) {
            return new RunFigures(report.dials(), report.callsPerSecond(), report.elapsedSeconds(),
                    report.promisesHeld() ? "yes" : "NO: " + report.brokenPromises());
        }
    }

    /** The stack with no call in flight for {@code idle}: what it costs per second whatever the traffic (polls, commits, timers). */
    static Idle measureIdle(java.util.function.Supplier<CpuSnapshot> cpu, java.time.Duration idle) throws InterruptedException {
        CpuSnapshot start = cpu.get();
        long t0 = System.nanoTime();
        Thread.sleep(idle.toMillis());
        CpuSnapshot end = cpu.get();
        return new Idle(end.since(start), (System.nanoTime() - t0) / 1e9);
    }

    /** CPU per part of the stack with nothing to do, over {@code seconds}. */
    record Idle(Map<Component, Long> cpu, double seconds) {
        long nanosPerSecond(Component c) {
            return Math.round(cpu.getOrDefault(c, 0L) / seconds);
        }
    }

    /** The figures of a run's steady window: the one-process stack's and the one with a process per service alike. */
    static ResultTable table(String id, String title, RunFigures report, SteadyWindow window, Idle idle, ReleaseLatencyProbe latency,
                             LagSampler lag, double startSeconds, Path profileDir) throws Exception {
        if (!window.closed()) {
            throw new IllegalStateException("the run ended before its steady window did: " + window.dials() + " dials in it");
        }
        long dials = window.dials();
        double seconds = window.seconds();
        SteadyProfile.Result profile = window.profile(profileDir);
        Map<Component, Long> cpu = new EnumMap<>(window.cpu());
        long carriers = cpu.getOrDefault(Component.CARRIERS, 0L);
        cpu.remove(Component.CARRIERS);
        profile.splitCarriers(carriers).forEach((c, n) -> cpu.merge(c, n, Long::sum));
        Distribution e2e = Distribution.of(latency.latenciesMillis(window.startMillis(), window.endMillis()));
        ResultTable.Builder table = ResultTable.builder(id, title,
                "part", "CPU-ms per call", "share %", "CPU s in window", "idle CPU-ms per s", "CPU-ms per call less idle");
        long all = cpu.values().stream().mapToLong(Long::longValue).sum();
        long simulator = cpu.getOrDefault(Component.SIMULATOR, 0L) + cpu.getOrDefault(Component.BENCH, 0L);
        // the idle carriers are not split (no virtual thread runs when idle): charged to the carriers' row
        cpu.entrySet().stream().sorted(Map.Entry.<Component, Long>comparingByValue().reversed()).forEach(e -> {
            long idlePerSecond = idle.nanosPerSecond(e.getKey());
            table.row(e.getKey().label(), perCall(e.getValue(), dials), Math.round(1000.0 * e.getValue() / all) / 10.0,
                    e.getValue() / 1e9, idlePerSecond / 1e6, perCall(e.getValue() - Math.round(idlePerSecond * seconds), dials));
        });
        long idleAll = idle.cpu().values().stream().mapToLong(Long::longValue).sum();
        long idleAllPerSecond = Math.round(idleAll / idle.seconds());
        long idleSimulator = idle.nanosPerSecond(Component.SIMULATOR) + idle.nanosPerSecond(Component.BENCH);
        table.row("whole stack (every process + redis-server)", perCall(all, dials), 100.0, all / 1e9, idleAllPerSecond / 1e6,
                perCall(all - Math.round(idleAllPerSecond * seconds), dials));
        table.row("whole stack less plivo-sim and bench", perCall(all - simulator, dials),
                Math.round(1000.0 * (all - simulator) / all) / 10.0, (all - simulator) / 1e9, (idleAllPerSecond - idleSimulator) / 1e6,
                perCall(all - simulator - Math.round((idleAllPerSecond - idleSimulator) * seconds), dials));
        Map<String, LagSampler.Lag> lags = lag.lags();
        StringBuilder perGroup = new StringBuilder();
        lags.forEach((g, l) -> perGroup.append(String.format("%s max %d mean %.1f; ", g, l.max(), l.mean())));
        table.note(String.format("steady window: %,d dials in %.1f s = %.1f calls/s (all %,d dials of the run: %.1f calls/s over "
                                + "%.1f s from submit); promises held: %s", dials, seconds, dials / seconds, report.dials(),
                        report.callsPerSecond(), report.elapsedSeconds(),
                        report.promises()))
                .note(String.format("release → final state in Redis, attempts released in the window (%,d): p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                        e2e.count(), e2e.p50(), e2e.p99(), e2e.max()))
                .note("consumer lag (records, sampled every 500 ms over the whole run): " + perGroup.toString().strip())
                .note(String.format("load average at the window's start %s, at its end %s; processes' CPU %.1f s + redis-server %.1f s "
                                + "in %.1f s of window = %.2f of the machine's %d cores", window.loadAtStart(), window.loadAtEnd(),
                        (all - cpu.getOrDefault(Component.REDIS_SERVER, 0L)) / 1e9, cpu.getOrDefault(Component.REDIS_SERVER, 0L) / 1e9,
                        seconds, all / 1e9 / seconds, Runtime.getRuntime().availableProcessors()))
                .note(String.format("idle: the same stack measured %.0f s after the run with no call in flight; \"less idle\" takes "
                        + "that rate times the window away: the cost a call adds, where the idle part is paid per second whatever the "
                        + "traffic (Streams commits, polls, timers)", idle.seconds()))
                .note(String.format("of the JVM row: JIT compilation %.1f s, garbage collections %.1f s (MXBean totals in the window)",
                        window.jitAndGcMillis()[0] / 1e3, window.jitAndGcMillis()[1] / 1e3))
                .note("CPU per part: each platform thread by its name (ThreadMXBean); the virtual threads' carriers split over the "
                        + "parts by the JFR samples of their virtual threads (by the outermost frame of ours); JVM = process CPU on "
                        + "no live thread (GC, JIT, ended threads); redis-server from INFO cpu")
                .note(String.format("profile of the window: %s (%,d execution samples), top frames in top-frames.txt, "
                                + "flame-graph stacks in stacks.collapsed", profile.recording().toAbsolutePath(),
                        profile.samples().values().stream().mapToLong(Long::longValue).sum()))
                .note(String.format("stack start %.1f s", startSeconds));
        return table.build();
    }

    private static double perCall(long nanos, long dials) {
        return Math.round(nanos / 1e6 / Math.max(1, dials) * 1000) / 1000.0;
    }
}
