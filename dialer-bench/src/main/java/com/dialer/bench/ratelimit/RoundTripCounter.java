package com.dialer.bench.ratelimit;

import java.util.concurrent.atomic.LongAdder;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;

/**
 * Counts the commands a client sends, seen from the client (Redis' own command statistics also
 * count the commands a script runs, which are no round trips).
 */
public final class RoundTripCounter implements CommandListener, com.mongodb.event.CommandListener {
    private final LongAdder count = new LongAdder();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        count.increment();
    }

    @Override
    public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
        count.increment();
    }

    public long count() {
        return count.sum();
    }
}
