package com.dialer.bench.ratelimit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.dialer.bench.BenchContext;
import com.dialer.bench.BenchProfile;
import com.dialer.bench.ChildJvm;
import com.dialer.bench.Scenario;
import com.dialer.bench.measure.TimeWindows;
import com.dialer.bench.report.ResultTable;
import com.dialer.stack.LocalStack;

/**
 * Scenario 1: one global limit on call starts, shared by 16 acquirers in two JVMs. Ours (GCRA on
 * Redis), the seed's MongoDB fixed-window counter and Bucket4j on Lettuce, one after another on the
 * same Redis and MongoDB: the most starts in any sliding 1 s and 60 s against the bound, how much
 * of the limit was used, round trips per start; then each one's ceiling with the limit out of reach.
 */
public final class RateLimitScenario implements Scenario {
    static final long LIMIT_PER_MINUTE = 1_200;
    static final int BURST = 10;
    static final int ACQUIRERS_PER_JVM = 8;
    /** "Unbounded": far above what any of the three can reach here; GCRA's emission interval is then its 1 µs floor. */
    static final long UNBOUNDED_PER_MINUTE = 6_000_000_000L;
    static final int UNBOUNDED_BURST = 1_000_000;

    @Override
    public String id() {
        return "rate-limit";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        BenchProfile profile = context.profile();
        LocalStack stack = context.stack();
        String prefix = LocalStack.uniquePrefix("bench-rate");
        long runMillis = profile.rateLimitRun().toMillis();
        long edgeAfterMillis = runMillis / 2;
        ResultTable.Builder limited = ResultTable.builder("rate-limit", String.format(
                        "1. Global rate limit: 16 acquirers in 2 JVMs, L = %,d/min (%.0f/s), burst %d, %d s each",
                        LIMIT_PER_MINUTE, LIMIT_PER_MINUTE / 60.0, BURST, runMillis / 1000),
                "design", "starts", "used % of L", "max in 1 s", "bound 1 s", "max in 60 s", "bound 60 s", "round trips/start",
                "tries/start");
        ResultTable.Builder ceiling = ResultTable.builder("rate-limit-ceiling", String.format(
                        "1b. Acquisition ceiling, L out of reach: 16 acquirers in 2 JVMs, %d s each", profile.ceilingRun().toSeconds()),
                "design", "starts/s", "round trips/start", "tries/start");
        try (ChildJvm second = ChildJvm.start("acquirers", List.of("-Xmx512m"), AcquirerMain.class)) {
            second.await("READY", Duration.ofSeconds(60));
            for (LimiterSpec.Kind kind : LimiterSpec.Kind.values()) {
                context.progress("rate limit: %s at %d/min for %d s", kind.label(), LIMIT_PER_MINUTE, runMillis / 1000);
                // the fixed window's edge falls halfway into the run, as if it had begun at hh:mm:(60 - that)
                LimiterSpec spec = new LimiterSpec(kind, stack.redis().uri(), stack.mongo().connectionString(),
                        prefix + kind + ":limited", LIMIT_PER_MINUTE, BURST, 60_000, edgeAfterMillis);
                AcquirerRun.Outcome o = onTwoJvms(second, new AcquirerRun(spec, ACQUIRERS_PER_JVM,
                        profile.acquirerWarmUp().toMillis(), runMillis), context.workDir());
                double seconds = runMillis / 1000.0;
                limited.row(kind.label(), (long) o.grantMicros().length,
                        100.0 * o.grantMicros().length / (LIMIT_PER_MINUTE / 60.0 * seconds),
                        TimeWindows.maxInWindow(o.grantMicros(), 1_000_000), LIMIT_PER_MINUTE / 60.0 + BURST,
                        TimeWindows.maxInWindow(o.grantMicros(), 60_000_000), LIMIT_PER_MINUTE + BURST,
                        perStart(o.roundTrips(), o), perStart(o.tries(), o));
            }
            for (LimiterSpec.Kind kind : LimiterSpec.Kind.values()) {
                context.progress("rate limit ceiling: %s for %d s", kind.label(), profile.ceilingRun().toSeconds());
                LimiterSpec spec = new LimiterSpec(kind, stack.redis().uri(), stack.mongo().connectionString(),
                        prefix + kind + ":ceiling", UNBOUNDED_PER_MINUTE, UNBOUNDED_BURST, 60_000, 0);
                AcquirerRun.Outcome o = onTwoJvms(second, new AcquirerRun(spec, ACQUIRERS_PER_JVM,
                        profile.acquirerWarmUp().toMillis(), profile.ceilingRun().toMillis()), context.workDir());
                ceiling.row(kind.label(), o.grantMicros().length / (profile.ceilingRun().toMillis() / 1000.0),
                        perStart(o.roundTrips(), o), perStart(o.tries(), o));
            }
        }
        limited.note("bound = rate·W + burst, the promise of docs/DESIGN.md; 'used % of L' = starts / (L · run time): over 100 is overshoot")
                .note("fixed window: one document per minute, $inc + upsert, the count checked after it; its minute edge falls "
                        + String.format("%.1f s into the run (as if the run began at hh:mm:%04.1f", edgeAfterMillis / 1000.0, 60 - edgeAfterMillis / 1000.0)
                        + "); a refused acquirer sleeps until its window ends")
                .note("Bucket4j: capacity = burst, greedy refill of L per minute (the same burst + t·rate bound), client clock")
                .note("round trips counted on each client (Lettuce and MongoDB command listeners), summed over both JVMs");
        if (runMillis < 60_000) {
            limited.note("the run is shorter than 60 s: 'max in 60 s' is the whole run (the full run lasts "
                    + BenchProfile.full().rateLimitRun().toSeconds() + " s)");
        }
        if (stack.mongo().isEmbedded()) {
            limited.note("MongoDB is mongo-java-server inside the bench JVM (MONGODB_URI unset): its work shares the same cores");
        }
        ceiling.note("the same acquirers with L = " + String.format("%,d", UNBOUNDED_PER_MINUTE) + "/min and burst "
                + String.format("%,d", UNBOUNDED_BURST) + ": how fast each design hands out starts at most");
        return List.of(limited.build(), ceiling.build());
    }

    private static double perStart(long count, AcquirerRun.Outcome o) {
        return o.grantMicros().length == 0 ? Double.NaN : (double) count / o.grantMicros().length;
    }

    /**
     * Half the acquirers here, half in the second JVM, from the same start time; the outcomes merged.
     * Both open their limiters first; the start is set once both are ready.
     */
    static AcquirerRun.Outcome onTwoJvms(ChildJvm second, AcquirerRun run, Path workDir) throws Exception {
        Path file = workDir.resolve("acquirers-" + System.nanoTime() + ".bin");
        second.send("PREPARE " + AcquirerMain.JSON.writeValueAsString(run));
        try (AcquirerRun.Prepared here = run.prepare()) {
            second.await("PREPARED", Duration.ofSeconds(60));
            long startAt = System.currentTimeMillis() + 300 + run.warmUpMillis();
            second.send("START " + startAt + " " + file);
            AcquirerRun.Outcome mine = here.run(startAt);
            second.await("DONE", Duration.ofMillis(run.durationMillis() + 60_000));
            return mine.plus(AcquirerRun.Outcome.readFrom(file));
        }
    }
}
