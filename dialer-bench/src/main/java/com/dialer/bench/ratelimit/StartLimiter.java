package com.dialer.bench.ratelimit;

/**
 * A global limit on call starts as the benchmark drives it: one try per call, granted or told how
 * long to wait. Implementations are thread-safe, share one connection per JVM, and count the round
 * trips their clients made to the store.
 */
public interface StartLimiter extends AutoCloseable {

    /** One try for one start, or for as many as the limiter asks for at once (a batch, in one round trip). */
    Try tryStart();

    /** Told once, before the first try, when the counted run starts (epoch ms). */
    default void startsAt(long epochMillis) {
    }

    /** Commands sent to the store so far (as counted by the client's command listener). */
    long roundTrips();

    @Override
    void close();

    /**
     * @param starts    how many starts the try was granted (0 = refused)
     * @param waitNanos how long the limiter says to wait before the next try (0 = at once)
     */
    record Try(int starts, long waitNanos) {
        static final Try GRANTED = new Try(1, 0);

        static Try refused(long waitNanos) {
            return new Try(0, waitNanos);
        }

        boolean granted() {
            return starts > 0;
        }
    }
}
