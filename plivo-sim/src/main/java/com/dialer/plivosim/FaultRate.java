package com.dialer.plivosim;

import java.time.Duration;
import java.util.Random;

/**
 * How often a fault strikes: a probability per request or callback, either steady or only during the
 * {@code on} part of a repeating {@code on}/{@code off} cycle, as Plivo's bad days come: minutes of
 * trouble, then quiet. The cycle starts when the rate is switched on (see {@link Faults}), with an
 * {@code on} period first.
 *
 * @param rate probability in [0, 1] while the fault is active
 * @param on   length of an active period; {@link Duration#ZERO} with {@code off} zero means steady
 * @param off  length of a quiet period after each active one
 */
public record FaultRate(double rate, Duration on, Duration off) {
    public static final FaultRate NEVER = steady(0);

    public FaultRate {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("a rate is a probability in [0, 1], was " + rate);
        }
        if (on == null || off == null || on.isNegative() || off.isNegative()) {
            throw new IllegalArgumentException("on and off must be durations >= 0, were " + on + " and " + off);
        }
        if (on.isZero() != off.isZero()) {
            throw new IllegalArgumentException("bursts need both an on and an off period, were " + on + " and " + off);
        }
    }

    /** Every request or callback, at this rate. */
    public static FaultRate steady(double rate) {
        return new FaultRate(rate, Duration.ZERO, Duration.ZERO);
    }

    /** At this rate during {@code on}, never during the {@code off} that follows, again and again. */
    public static FaultRate inBursts(double rate, Duration on, Duration off) {
        if (on.isZero() || off.isZero()) {
            throw new IllegalArgumentException("bursts need on > 0 and off > 0, were " + on + " and " + off);
        }
        return new FaultRate(rate, on, off);
    }

    public boolean steady() {
        return on.isZero();
    }

    /** Whether the cycle is in an active period this long after it started. */
    public boolean activeAfter(long nanosSinceStart) {
        if (steady()) {
            return true;
        }
        long cycle = on.toNanos() + off.toNanos();
        return Math.floorMod(nanosSinceStart, cycle) < on.toNanos();
    }

    /** Draws whether the fault strikes now; draws nothing (so seeded sequences stay put) when it cannot. */
    boolean strikes(Random random, long nanosSinceStart) {
        return rate > 0 && activeAfter(nanosSinceStart) && random.nextDouble() < rate;
    }

    /**
     * Parses the command line's spelling: {@code 0.3} (steady) or {@code 0.3@5s/20s} (bursts: 5 s on,
     * 20 s off); durations in {@code ms}, {@code s} or {@code m}.
     */
    public static FaultRate parse(String text) {
        String t = text.trim();
        int at = t.indexOf('@');
        try {
            if (at < 0) {
                return steady(Double.parseDouble(t));
            }
            String[] cycle = t.substring(at + 1).split("/");
            if (cycle.length != 2) {
                throw new IllegalArgumentException("bursts are written RATE@ON/OFF, e.g. 0.3@5s/20s, was " + text);
            }
            return inBursts(Double.parseDouble(t.substring(0, at)), duration(cycle[0]), duration(cycle[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a rate (R or R@ON/OFF, e.g. 0.3@5s/20s): " + text);
        }
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m}. */
    public static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
        }
        throw new IllegalArgumentException("a duration ends in ms, s or m (250ms, 5s, 2m), was " + text);
    }

    @Override
    public String toString() {
        return steady() ? Double.toString(rate) : rate + " in bursts " + on.toMillis() + " ms on / " + off.toMillis() + " ms off";
    }
}
