package com.dialer.bench.ratelimit;

import java.time.Duration;

/**
 * Which limiter, where, and how tight; a plain record so a second JVM can be handed it as JSON.
 *
 * @param kind              the design under test
 * @param redisUri          Redis (GCRA, Bucket4j)
 * @param mongoUri          MongoDB (the fixed-window counter)
 * @param key               the limiter's key (a Redis key, or the fixed-window documents' id prefix)
 * @param permitsPerMinute  the limit L
 * @param burst             GCRA's burst and Bucket4j's capacity: both allow burst + t·rate in any t
 * @param windowMillis      the fixed window's length (the seed's: one minute)
 * @param windowEdgeAfterMillis the first fixed-window edge falls this long after the run's start: the seed's
 *                           windows are on the minute; moving them lets a run begin just before an edge
 *                           (as at hh:mm:58) without waiting for the clock
 */
public record LimiterSpec(Kind kind, String redisUri, String mongoUri, String key, long permitsPerMinute, int burst,
                          long windowMillis, long windowEdgeAfterMillis) {

    /** The designs side by side. */
    public enum Kind {
        /** ours: GlobalRateLimiter, gcra.lua on Redis TIME, one round trip per try */
        GCRA("ours: GCRA (gcra.lua)"),
        /** ours as the scheduler uses it: up to {@link #BATCH} starts per round trip, each release round's need at once */
        GCRA_BATCHED("ours: GCRA, up to " + LimiterSpec.BATCH + " starts a try"),
        /** the seed's: findOneAndUpdate $inc on a per-window document, upsert, on the client's clock */
        FIXED_WINDOW_MONGO("seed: MongoDB fixed window"),
        /** Bucket4j's token bucket through its Lettuce compare-and-swap proxy manager */
        BUCKET4J_LETTUCE("Bucket4j + Lettuce (CAS)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Starts one batched try asks for. */
    public static final int BATCH = 16;

    public LimiterSpec withKey(String newKey) {
        return new LimiterSpec(kind, redisUri, mongoUri, newKey, permitsPerMinute, burst, windowMillis, windowEdgeAfterMillis);
    }

    /** The permits of one fixed window: L scaled to the window's length. */
    public long permitsPerWindow() {
        return Math.max(1, permitsPerMinute * windowMillis / Duration.ofMinutes(1).toMillis());
    }

    public StartLimiter open() {
        return switch (kind) {
            case GCRA -> new GcraStarts(this, 1);
            case GCRA_BATCHED -> new GcraStarts(this, BATCH);
            case FIXED_WINDOW_MONGO -> new FixedWindowStarts(this);
            case BUCKET4J_LETTUCE -> new Bucket4jStarts(this);
        };
    }
}
