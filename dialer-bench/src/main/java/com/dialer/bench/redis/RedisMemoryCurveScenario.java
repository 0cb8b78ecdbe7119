package com.dialer.bench.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dialer.bench.BenchContext;
import com.dialer.bench.Scenario;
import com.dialer.bench.report.Machine;
import com.dialer.bench.report.ResultTable;
import com.dialer.bridge.BridgeConfig;
import com.dialer.launcher.demo.DemoCommand;
import com.dialer.launcher.demo.DemoReport;
import com.dialer.launcher.stack.DialerStack;
import com.dialer.launcher.stack.ServiceSettings;
import com.dialer.launcher.stack.StackOptions;
import com.dialer.state.RedisConnection;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import picocli.CommandLine;

/**
 * Redis' {@code used_memory} over a long run at a constant call rate, with every per-call life scaled down together so
 * that several of them pass within the run: the hot window (HOT_WINDOW_SECONDS: attempt hash, dial guard, answered
 * marker, the recent index's trim), the archive's shortened life (archiver.hot.after.archive.seconds), the callback
 * nonce (BRIDGE_REPLAY_WINDOW_SECONDS) and the recipient window (RECIPIENT_PERIOD_HOURS, the recipient gap being zero
 * in the demo). Each comes from its own config key, as production sets it. Once the longest has passed, memory must
 * stay flat while calls keep ending at the same rate: the slopes of the first and last thirds of the run say whether it did.
 */
public final class RedisMemoryCurveScenario implements Scenario {
    static final int CLIENTS = 4;
    static final int CALLS_PER_SECOND = 10;
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    /** The compressed lives: the hot window the longest, as in production (30 d against 6 h, 1 h and 48 h). */
    static final Duration HOT_WINDOW = Duration.ofSeconds(90);
    static final Duration HOT_AFTER_ARCHIVE = Duration.ofSeconds(30);
    static final Duration NONCE_LIFE = Duration.ofSeconds(45);
    /** 45 s, in the key's unit. */
    static final String RECIPIENT_PERIOD_HOURS = "0.0125";
    /** The rate counts as reached at this share of it (the machine's other work makes it wobble). */
    static final double RATE_REACHED = 0.9;

    @Override
    public String id() {
        return "redis-memory-curve";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        Duration run = context.profile().redisCurveRun();
        // the demo skips about 2% of its contacts (invalid numbers, the DNC list): a little more keeps the rate to the end
        int contacts = (int) (CALLS_PER_SECOND * run.toSeconds() * 1.02);
        context.progress("redis-memory-curve: %,d contacts at %d calls/s (~%d s), lives: hot window %d s, after archive %d s, "
                        + "nonce %d s, recipient period %s h", contacts, CALLS_PER_SECOND, run.toSeconds(), HOT_WINDOW.toSeconds(),
                HOT_AFTER_ARCHIVE.toSeconds(), NONCE_LIFE.toSeconds(), RECIPIENT_PERIOD_HOURS);
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--contacts", Integer.toString(contacts), "--clients", Integer.toString(CLIENTS),
                "--cap", "50", "--rate", Integer.toString(CALLS_PER_SECOND * 60), "--burst", Integer.toString(CALLS_PER_SECOND),
                "--partitions", "2", "--cps", "1000", "--time-scale", "0.002", "--max-attempts", "1",
                "--timeout", Long.toString(run.toSeconds() * 3 + 120), "--quiet");
        Map<String, String> lives = new LinkedHashMap<>(demo.stackOptions().settings().keys());
        lives.put(BridgeConfig.REPLAY_WINDOW.name(), Long.toString(NONCE_LIFE.toSeconds()));
        lives.put("RECIPIENT_PERIOD_HOURS", RECIPIENT_PERIOD_HOURS);
        StackOptions options = demo.stackOptions().withLives(HOT_WINDOW, HOT_AFTER_ARCHIVE, new ServiceSettings(lives));
        MemoryCurve curve = new MemoryCurve();
        try (DialerStack stack = DialerStack.start(options);
             RedisConnection redis = RedisConnection.open("REDIS_URI", stack.infrastructure().redis().uri())) {
            RedisClusterCommands<String, String> sync = redis.sync();
            String loadAtStart = Machine.loadAverageNow();
            long t0 = System.nanoTime();
            Thread sampler = Thread.ofPlatform().daemon().name("bench-memory-curve").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        curve.add(new MemoryCurve.Sample((System.nanoTime() - t0) / 1e9, RedisMemoryScenario.usedMemory(sync),
                                sync.dbsize(), stack.simulator().witness().dialCount(),
                                stack.simulator().witness().endedCalls().size()));
                        Thread.sleep(SAMPLE_EVERY.toMillis());
                    }
                } catch (InterruptedException stopping) {
                    // the run is over
                }
            });
            DemoReport report;
            try {
                report = demo.runOn(stack);
            } finally {
                sampler.interrupt();
                sampler.join(10_000);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            curve.add(new MemoryCurve.Sample(seconds, RedisMemoryScenario.usedMemory(sync), sync.dbsize(),
                    stack.simulator().witness().dialCount(), stack.simulator().witness().endedCalls().size()));
            String loadAtEnd = Machine.loadAverageNow();
            Map<String, RedisMemoryScenario.Census> census = RedisMemoryScenario.census(sync);
            return List.of(summary(curve, seconds, report, census, loadAtStart, loadAtEnd), curveTable(curve));
        }
    }

    private static ResultTable summary(MemoryCurve curve, double seconds, DemoReport report, Map<String, RedisMemoryScenario.Census> census,
                                       String loadAtStart, String loadAtEnd) {
        double third = seconds / 3;
        double longest = HOT_WINDOW.toSeconds();
        // the steady part: once calls end at the constant rate, and the longest life has passed since
        double rateFrom = curve.rateReached(CALLS_PER_SECOND * 60, RATE_REACHED, longest / 3);
        double steadyFrom = Double.isNaN(rateFrom) ? seconds : rateFrom + longest;
        List<MemoryCurve.Stretch> stretches = new ArrayList<>(List.of(curve.stretch("first third", 0, third),
                curve.stretch("middle third", third, 2 * third), curve.stretch("last third", 2 * third, seconds),
                curve.stretch("at the constant rate, the longest life (hot window) passed", steadyFrom, seconds),
                curve.stretch("  its first half", steadyFrom, (steadyFrom + seconds) / 2),
                curve.stretch("  its second half", (steadyFrom + seconds) / 2, seconds)));
        ResultTable.Builder table = ResultTable.builder("redis-memory-curve", String.format(
                        "Redis used_memory at a constant %d calls/s for %.0f s, every per-call life scaled down together "
                                + "(hot window %d s, after archive %d s, nonce %d s, recipient period %s h)",
                        CALLS_PER_SECOND, seconds, HOT_WINDOW.toSeconds(), HOT_AFTER_ARCHIVE.toSeconds(), NONCE_LIFE.toSeconds(),
                        RECIPIENT_PERIOD_HOURS),
                "stretch", "from s", "to s", "samples", "used_memory bytes/min", "keys/min", "calls ended/min", "mean used_memory MB");
        for (MemoryCurve.Stretch s : stretches) {
            table.row(s.name(), round1(s.fromSeconds()), round1(s.toSeconds()), s.samples(), Math.round(s.bytesPerMinute()),
                    round1(s.keysPerMinute()), Math.round(s.endedPerMinute()), round1(s.meanUsedMemory() / 1e6));
        }
        StringBuilder kinds = new StringBuilder();
        census.forEach((kind, c) -> kinds.append(String.format("%s %,d keys (longest TTL %d s); ", kind, c.keys, c.longestTtl)));
        MemoryCurve.Stretch first = stretches.get(0);
        MemoryCurve.Stretch last = stretches.get(2);
        MemoryCurve.Stretch steady = stretches.get(3);
        java.util.LongSummaryStatistics steadyUsed = curve.samples().stream().filter(x -> x.seconds() >= steadyFrom)
                .mapToLong(MemoryCurve.Sample::usedMemory).summaryStatistics();
        long minUsed = steadyUsed.getCount() == 0 ? 0 : steadyUsed.getMin();
        long maxUsed = steadyUsed.getCount() == 0 ? 0 : steadyUsed.getMax();
        return table
                .note("slopes: least squares over the samples of each stretch (every " + SAMPLE_EVERY.toSeconds() + " s: INFO memory "
                        + "used_memory, DBSIZE, the simulator's ended calls), per minute")
                .note(String.format("last third against first third: used_memory %+,d against %+,d bytes/min, while calls ended at "
                                + "%,d against %,d a minute; at the constant rate a still-growing Redis would add about the bytes of "
                                + "one call's keys per call", Math.round(last.bytesPerMinute()), Math.round(first.bytesPerMinute()),
                        Math.round(last.endedPerMinute()), Math.round(first.endedPerMinute())))
                .note(String.format("the constant rate (%.0f%% of %,d a minute over %.0f s) was reached at %.0f s; from %.0f s, once the "
                                + "longest life had passed, used_memory stayed between %,d and %,d bytes and moved %+,d bytes/min while %,d "
                                + "calls ended a minute", RATE_REACHED * 100, CALLS_PER_SECOND * 60, longest / 3, rateFrom, steadyFrom,
                        minUsed, maxUsed, Math.round(steady.bytesPerMinute()), Math.round(steady.endedPerMinute())))
                .note("lives from their config keys: HOT_WINDOW_SECONDS=" + HOT_WINDOW.toSeconds() + " (StackOptions.hotWindow), "
                        + "archiver.hot.after.archive.seconds=" + HOT_AFTER_ARCHIVE.toSeconds() + " (StackOptions.hotAfterArchive), "
                        + BridgeConfig.REPLAY_WINDOW.name() + "=" + NONCE_LIFE.toSeconds() + " and RECIPIENT_PERIOD_HOURS="
                        + RECIPIENT_PERIOD_HOURS + " (service settings); the recent index is trimmed to the hot window")
                .note("keys at the end by kind: " + kinds.toString().strip())
                .note(String.format("%,d dials, %,d finished, %.1f calls/s from submit over %.1f s; promises held: %s; load average "
                                + "at the start %s, at the end %s", report.dials(), report.finishedAttempts(), report.callsPerSecond(),
                        report.elapsedSeconds(), report.promisesHeld() ? "yes" : "NO: " + report.brokenPromises(), loadAtStart, loadAtEnd))
                .build();
    }

    private static ResultTable curveTable(MemoryCurve curve) {
        ResultTable.Builder table = ResultTable.builder("redis-memory-curve-samples",
                "Redis memory curve: every sample", "s", "used_memory bytes", "keys", "dials", "calls ended");
        for (MemoryCurve.Sample s : curve.samples()) {
            table.row(round1(s.seconds()), s.usedMemory(), s.keys(), s.dials(), s.ended());
        }
        return table.note("time from the demo's submit; dials and ended calls from plivo-sim's witness").build();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
