package com.dialer.state.ratelimit;

import java.time.Duration;

/**
 * At most {@code limit} starts within any {@code width}, counted where they land: a start counts from its grant
 * until its request is answered ({@code hold} at the longest, if nobody says), then from the answer's time
 * ({@code gcra.lua}, {@code start-answered.lua}). A request reaches its server between those two instants, so
 * however long the network holds one, the server never sees more than {@code limit} in any {@code width}.
 *
 * @param key    the window's ZSET, under the same hash tag as the buckets charged with it
 * @param member this start's name in it (unique per start)
 */
public record StartWindow(String key, int limit, Duration width, Duration hold, String member) {

    public StartWindow {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
    }
}
