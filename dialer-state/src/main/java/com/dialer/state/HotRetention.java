package com.dialer.state;

import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.TopicCatalog;

import java.time.Duration;

/**
 * How long a call's keys live in Redis, in one place: the hot window every service reads
 * ({@code HOT_WINDOW_SECONDS}) and the dial guard's life derived from it.
 *
 * <p>The dial guard ({@code dial:{client}:<attemptId>}) stands on "no call placed twice" against a dial
 * request redelivered or replayed from {@code dial-requests}, so it must outlive that topic's retention,
 * not the call: it lives {@link TopicCatalog#EVENTS_RETENTION} plus a day, and never longer than the hot
 * window (a shorter window, as tests and benchmarks set, shortens it too, as it always did).
 */
public final class HotRetention {

    /** A day past the topic's retention: a replay started on its last day still meets the guard. */
    static final Duration GUARD_MARGIN = Duration.ofDays(1);

    public static final Duration DEFAULT_HOT_WINDOW = Duration.ofDays(30);

    public static final ConfigKey<Duration> HOT_WINDOW = new ConfigKey<>("HOT_WINDOW_SECONDS",
            Long.toString(DEFAULT_HOT_WINDOW.toSeconds()), "seconds 1.." + Integer.MAX_VALUE,
            "how long a call's hot keys live in Redis (attempt hash until archived, answered marker, the recent index); "
                    + "the dial guard lives dial-requests' retention + 1 day at most",
            (keys, key) -> Duration.ofSeconds(keys.number(key, DEFAULT_HOT_WINDOW.toSeconds(), 1, Integer.MAX_VALUE)));

    private HotRetention() {
    }

    /** The dial guard's life under {@code hotWindow}: the dial-requests retention plus a day, at most the window. */
    public static Duration dialGuardLife(Duration hotWindow) {
        Duration replayable = TopicCatalog.EVENTS_RETENTION.plus(GUARD_MARGIN);
        return hotWindow.compareTo(replayable) < 0 ? hotWindow : replayable;
    }
}
