package com.dialer.bench.ratelimit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Acquirers in this JVM: each thread asks for one start at a time from a start time for
 * {@code durationMillis}, recording the epoch microsecond of every grant, and waits as long as the
 * limiter says after a refusal. Before the start the threads warm up on a key of their own. Both
 * JVMs of a run get the same start time and the same clock (one machine).
 *
 * @param warmUpMillis   the uncounted part before the start, on {@code key + ":warm-up"}
 * @param durationMillis the counted part
 */
public record AcquirerRun(LimiterSpec spec, int threads, long warmUpMillis, long durationMillis) {

    /** Bound on the grants one thread records, whatever the limiter allows. */
    static final int MAX_GRANTS_PER_THREAD = 5_000_000;
    private static final long MIN_WAIT_NANOS = 20_000;

    /** What the acquirers of one JVM did in the counted part. */
    public record Outcome(long[] grantMicros, long tries, long roundTrips) {

        public void writeTo(Path file) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeLong(tries);
                out.writeLong(roundTrips);
                out.writeInt(grantMicros.length);
                for (long t : grantMicros) {
                    out.writeLong(t);
                }
            }
        }

        public static Outcome readFrom(Path file) throws IOException {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                long tries = in.readLong();
                long roundTrips = in.readLong();
                long[] grants = new long[in.readInt()];
                for (int i = 0; i < grants.length; i++) {
                    grants[i] = in.readLong();
                }
                return new Outcome(grants, tries, roundTrips);
            }
        }

        public Outcome plus(Outcome other) {
            long[] all = Arrays.copyOf(grantMicros, grantMicros.length + other.grantMicros.length);
            System.arraycopy(other.grantMicros, 0, all, grantMicros.length, other.grantMicros.length);
            return new Outcome(all, tries + other.tries, roundTrips + other.roundTrips);
        }
    }

    /** Opens the limiters (connections, script loads) ahead of the start, so the start time means what it says. */
    public Prepared prepare() {
        StartLimiter limiter = spec.open();
        try {
            return new Prepared(limiter, spec.withKey(spec.key() + ":warm-up").open());
        } catch (RuntimeException e) {
            limiter.close();
            throw e;
        }
    }

    /** The limiters of one run, open; {@link #run(long)} starts the acquirers. */
    public final class Prepared implements AutoCloseable {
        private final StartLimiter limiter;
        private final StartLimiter warmUp;

        private Prepared(StartLimiter limiter, StartLimiter warmUp) {
            this.limiter = limiter;
            this.warmUp = warmUp;
        }

        /** Warms up from {@code startAt - warmUpMillis}, counts from {@code startAt} for {@code durationMillis}. */
        public Outcome run(long startAtEpochMillis) throws InterruptedException {
            long warmUpFrom = startAtEpochMillis - warmUpMillis;
            if (System.currentTimeMillis() > warmUpFrom) {
                throw new IllegalStateException("the acquirers were asked to start " + (System.currentTimeMillis() - warmUpFrom)
                        + " ms ago: give them more lead");
            }
            long endMillis = startAtEpochMillis + durationMillis;
            limiter.startsAt(startAtEpochMillis);
            warmUp.startsAt(warmUpFrom);
            // connection set-up (HELLO, SCRIPT LOAD) is done by now; the warm-up limiter has a client of its own
            long roundTripsBefore = limiter.roundTrips();
            List<Thread> workers = new ArrayList<>();
            long[][] grants = new long[threads][];
            int[] granted = new int[threads];
            long[] tries = new long[threads];
            for (int t = 0; t < threads; t++) {
                int me = t;
                workers.add(Thread.ofPlatform().name("acquirer-" + t).start(() -> {
                    sleepUntil(warmUpFrom);
                    while (System.currentTimeMillis() < startAtEpochMillis) {
                        pause(warmUp.tryStart(), startAtEpochMillis);
                    }
                    long[] mine = new long[1024];
                    int n = 0;
                    long count = 0;
                    while (System.currentTimeMillis() < endMillis && n < MAX_GRANTS_PER_THREAD) {
                        StartLimiter.Try attempt = limiter.tryStart();
                        count++;
                        if (attempt.granted()) {
                            if (n + attempt.starts() > mine.length) {
                                mine = Arrays.copyOf(mine, Math.max(n * 2, n + attempt.starts()));
                            }
                            long at = epochMicros();
                            for (int i = 0; i < attempt.starts(); i++) {
                                mine[n++] = at;
                            }
                        } else {
                            pause(attempt, endMillis);
                        }
                    }
                    grants[me] = mine;
                    granted[me] = n;
                    tries[me] = count;
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
            long[] all = new long[Arrays.stream(granted).sum()];
            int at = 0;
            for (int t = 0; t < threads; t++) {
                System.arraycopy(grants[t], 0, all, at, granted[t]);
                at += granted[t];
            }
            return new Outcome(all, Arrays.stream(tries).sum(), limiter.roundTrips() - roundTripsBefore);
        }

        @Override
        public void close() {
            limiter.close();
            warmUp.close();
        }
    }

    private static void pause(StartLimiter.Try attempt, long untilMillis) {
        if (attempt.granted()) {
            return;
        }
        long leftNanos = (untilMillis - System.currentTimeMillis()) * 1_000_000;
        LockSupport.parkNanos(Math.max(MIN_WAIT_NANOS, Math.min(attempt.waitNanos(), leftNanos)));
    }

    private static void sleepUntil(long epochMillis) {
        long left;
        while ((left = epochMillis - System.currentTimeMillis()) > 0) {
            LockSupport.parkNanos(left * 1_000_000);
        }
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
