package com.dialer.executor;

import java.util.TreeSet;

/**
 * The offsets of one partition still being worked on. Requests finish out of order (a client at
 * its cap waits, others go ahead), so only the offset below the lowest unfinished one is safe to
 * commit: a crash then redelivers every unfinished request, and the dial guard stops repeats.
 */
final class PartitionOffsets {
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long next = -1;

    synchronized void started(long offset) {
        unfinished.add(offset);
        next = Math.max(next, offset + 1);
    }

    synchronized void finished(long offset) {
        unfinished.remove(offset);
    }

    /** The offset to commit (the next one to read after a restart), or -1 when nothing was read. */
    synchronized long committable() {
        return unfinished.isEmpty() ? next : unfinished.first();
    }

    synchronized int unfinished() {
        return unfinished.size();
    }
}
