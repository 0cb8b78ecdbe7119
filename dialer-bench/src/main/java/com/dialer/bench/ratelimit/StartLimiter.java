package com.dialer.bench.ratelimit;

/**
 * A global limit on call starts as the benchmark drives it: one try per call, granted or told how
 * long to wait. Implementations are thread-safe, share one connection per JVM, and count the round
 * trips their clients made to the store.
 */
public interface StartLimiter extends AutoCloseable {

    /** One try for one start. */
    Try tryStart();

    /** Told once, before the first try, when the counted run starts (epoch ms). */
    default void startsAt(long epochMillis) {
    }

    /** Commands sent to the store so far (as counted by the client's command listener). */
    long roundTrips();

    @Override
    void close();

    /** @param waitNanos how long the limiter says to wait before the next try (0 = at once) */
    record Try(boolean granted, long waitNanos) {
        static final Try GRANTED = new Try(true, 0);
    }
}
