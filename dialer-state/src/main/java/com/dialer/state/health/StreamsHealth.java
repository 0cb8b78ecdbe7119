package com.dialer.state.health;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

import com.dialer.state.health.HealthCheck.CheckResult;

/**
 * The truth about one Kafka Streams client, from its state listener (so it must be made before the
 * client starts; it takes the client's one listener). Ready: {@code RUNNING}, or {@code REBALANCING}
 * for less than the bound (a rebalance is routine; one that never ends is not). Live: not failed for
 * good ({@code PENDING_ERROR}, {@code ERROR}) and not shut down ({@code PENDING_SHUTDOWN},
 * {@code NOT_RUNNING}): a client in those states does no work again, whatever the process does.
 * A client whose stream threads are replaced after each failure may be RUNNING between failures:
 * {@link #threadFailed} counts them, and {@link #FAILURES_IN_BOUND} within the bound make it neither
 * ready nor live (a thread that fails on every try is a loop that only looks alive).
 */
public final class StreamsHealth {
    /** How long a rebalance (with the restoring of stores it may bring) may last before the client is not ready. */
    public static final Duration REBALANCE_BOUND = Duration.ofSeconds(60);
    /** Stream thread failures within {@link #REBALANCE_BOUND} that make the client neither ready nor live. */
    public static final int FAILURES_IN_BOUND = 3;

    private final String name;
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicLong since = new AtomicLong(System.nanoTime());
    private volatile Runnable onFailure = () -> { };
    private final Deque<Long> failures = new ConcurrentLinkedDeque<>();

    private StreamsHealth(String name) {
        this.name = name;
    }

    /** Watches {@code streams} (not yet started) under {@code streams.<name>}. */
    public static StreamsHealth watch(String name, KafkaStreams streams) {
        StreamsHealth health = new StreamsHealth("streams." + name);
        streams.setStateListener((newState, oldState) -> health.changed(newState));
        return health;
    }

    void changed(State newState) {
        since.set(System.nanoTime());
        state.set(newState);
        if (newState == State.ERROR) {
            onFailure.run();
        }
    }

    /**
     * What to do once the client has failed for good (state {@code ERROR}): a service that stops
     * its process on a failure says so here. Runs on a thread of the client's: start another thread
     * for anything that waits on the client.
     */
    public StreamsHealth onFailure(Runnable action) {
        this.onFailure = action;
        return this;
    }

    /** A stream thread died of an uncaught exception (call it from the client's uncaught-exception handler). */
    public void threadFailed() {
        failures.addLast(System.nanoTime());
    }

    /** Failures within the bound, the older ones forgotten. */
    private int recentFailures() {
        long now = System.nanoTime();
        while (!failures.isEmpty() && now - failures.peekFirst() > REBALANCE_BOUND.toNanos()) {
            failures.pollFirst();
        }
        return failures.size();
    }

    public HealthCheck ready() {
        return HealthCheck.of(name, () -> {
            State s = state.get();
            Duration in = Duration.ofNanos(System.nanoTime() - since.get());
            int failed = recentFailures();
            if (failed >= FAILURES_IN_BOUND) {
                return CheckResult.down(failed + " stream thread failures in " + REBALANCE_BOUND.toSeconds() + " s");
            }
            if (s == State.RUNNING) {
                return CheckResult.up("RUNNING");
            }
            if (s == State.REBALANCING && in.compareTo(REBALANCE_BOUND) < 0) {
                return CheckResult.up("REBALANCING for " + in.toMillis() + " ms");
            }
            return CheckResult.down(s + " for " + in.toMillis() + " ms");
        });
    }

    public HealthCheck live() {
        return HealthCheck.of(name, () -> {
            State s = state.get();
            int failed = recentFailures();
            if (failed >= FAILURES_IN_BOUND) {
                return CheckResult.down(failed + " stream thread failures in " + REBALANCE_BOUND.toSeconds() + " s");
            }
            return switch (s) {
                case PENDING_ERROR, ERROR, PENDING_SHUTDOWN, NOT_RUNNING -> CheckResult.down(s.toString());
                default -> CheckResult.up(s.toString());
            };
        });
    }
}
