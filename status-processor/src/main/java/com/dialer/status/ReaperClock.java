package com.dialer.status;

import java.util.OptionalLong;

/**
 * The reaper's "now" for one task: the wall clock, held back by how far behind its input the task
 * is. A task reading a backlog (after a restart, or a replay from the start of the topic) would
 * otherwise declare lost every attempt whose final event is still in that backlog; with this clock
 * the reaper sees the time the backlog was written at, and the wall clock again once the task has
 * caught up (a tick with no record read in between).
 */
final class ReaperClock {
    private final long startedAt;
    private final long startupDelay;
    private boolean readAny;
    private boolean readSinceTick;
    private long lag;

    ReaperClock(long startedAt, long startupDelay) {
        this.startedAt = startedAt;
        this.startupDelay = startupDelay;
    }

    /** A record written at {@code timestamp} was read at {@code wall}. */
    void read(long timestamp, long wall) {
        readAny = true;
        readSinceTick = true;
        lag = Math.max(0L, wall - timestamp);
    }

    /**
     * The time to reap by, at a tick of the wall clock; empty while a task that just started has
     * read nothing yet (its first poll may bring the backlog).
     */
    OptionalLong tick(long wall) {
        if (!readAny && wall - startedAt < startupDelay) {
            return OptionalLong.empty();
        }
        long behind = readSinceTick ? lag : 0L;
        readSinceTick = false;
        return OptionalLong.of(wall - behind);
    }
}
