package com.dialer.plivosim;

import java.time.Duration;
import java.util.Random;

/**
 * Fault switches, changeable while the simulator runs. Each rate is a {@link FaultRate}: steady (the
 * {@code double} setters) or in on/off bursts, whose cycle starts when it is set. The nasty ones are
 * {@link #serverErrorAfterPlacingRate}: the call is really placed, then the API answers 5xx, which
 * plivo-java's {@code create()} answers by re-sending the POST; and {@link #hangupCallbackLossRate}:
 * the call ends, its record exists, but its hangup callback never comes.
 */
public final class Faults {
    /** A rate and the instant its burst cycle started. */
    private record Armed(FaultRate rate, long sinceNanos) {
        static final Armed NEVER = new Armed(FaultRate.NEVER, 0);

        boolean strikes(Random random) {
            return rate.strikes(random, System.nanoTime() - sinceNanos);
        }
    }

    private volatile Armed serverError = Armed.NEVER;
    private volatile Armed serverErrorAfterPlacing = Armed.NEVER;
    private volatile Armed lookupServerError = Armed.NEVER;
    private volatile Armed slowAnswer = Armed.NEVER;
    private volatile Duration slowAnswerDelay = Duration.ZERO;
    private volatile Armed callbackDuplicate = Armed.NEVER;
    private volatile Armed callbackDrop = Armed.NEVER;
    private volatile Armed callbackReorder = Armed.NEVER;
    private volatile Armed hangupCallbackLoss = Armed.NEVER;
    private volatile Armed lateCallback = Armed.NEVER;
    private volatile Duration lateCallbackMin = Duration.ofSeconds(1);
    private volatile Duration lateCallbackMax = Duration.ofSeconds(5);

    private static Armed arm(FaultRate rate) {
        return new Armed(rate, System.nanoTime());
    }

    /** 5xx to Make-a-Call without placing the call. */
    public Faults serverErrorRate(double rate) {
        return serverErrorRate(FaultRate.steady(rate));
    }

    public Faults serverErrorRate(FaultRate rate) {
        this.serverError = arm(rate);
        return this;
    }

    /** The call is placed (it rings, calls back, has a record), then Make-a-Call answers 503. */
    public Faults serverErrorAfterPlacingRate(double rate) {
        return serverErrorAfterPlacingRate(FaultRate.steady(rate));
    }

    public Faults serverErrorAfterPlacingRate(FaultRate rate) {
        this.serverErrorAfterPlacing = arm(rate);
        return this;
    }

    /** 500 to a call lookup (record, live or queued; list or one), before it is served. */
    public Faults lookupServerErrorRate(double rate) {
        return lookupServerErrorRate(FaultRate.steady(rate));
    }

    public Faults lookupServerErrorRate(FaultRate rate) {
        this.lookupServerError = arm(rate);
        return this;
    }

    /** Every Make-a-Call answer is delayed this long (real time). */
    public Faults slowAnswerMillis(long millis) {
        return slowAnswers(FaultRate.steady(millis > 0 ? 1 : 0), Duration.ofMillis(Math.max(0, millis)));
    }

    /** A Make-a-Call answer, at this rate, is delayed this long (real time) before anything else happens. */
    public Faults slowAnswers(FaultRate rate, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay must be >= 0, was " + delay);
        }
        this.slowAnswerDelay = delay;
        this.slowAnswer = arm(rate);
        return this;
    }

    /** A ring, machine or hangup callback is delivered twice. */
    public Faults callbackDuplicateRate(double rate) {
        return callbackDuplicateRate(FaultRate.steady(rate));
    }

    public Faults callbackDuplicateRate(FaultRate rate) {
        this.callbackDuplicate = arm(rate);
        return this;
    }

    /** A ring, machine or hangup callback is never sent. */
    public Faults callbackDropRate(double rate) {
        return callbackDropRate(FaultRate.steady(rate));
    }

    public Faults callbackDropRate(FaultRate rate) {
        this.callbackDrop = arm(rate);
        return this;
    }

    /** The ring callback of a call arrives after its hangup callback. */
    public Faults callbackReorderRate(double rate) {
        return callbackReorderRate(FaultRate.steady(rate));
    }

    public Faults callbackReorderRate(FaultRate rate) {
        this.callbackReorder = arm(rate);
        return this;
    }

    /**
     * The hangup callback of a call (drawn once per call, when it ends) is never delivered, however
     * often it would be tried; its other callbacks are, and its call record exists.
     */
    public Faults hangupCallbackLossRate(double rate) {
        return hangupCallbackLossRate(FaultRate.steady(rate));
    }

    public Faults hangupCallbackLossRate(FaultRate rate) {
        this.hangupCallbackLoss = arm(rate);
        return this;
    }

    /**
     * A ring, machine or hangup callback is sent late, after a delay drawn in
     * {@link #lateCallbackDelay}'s range, while the call goes on; a late ring can so arrive after
     * the hangup. The answer URL is never late: the call waits for its XML.
     */
    public Faults lateCallbackRate(double rate) {
        return lateCallbackRate(FaultRate.steady(rate));
    }

    public Faults lateCallbackRate(FaultRate rate) {
        this.lateCallback = arm(rate);
        return this;
    }

    /** The range a late callback's delay (real time) is drawn from; 1 to 5 s unless set. */
    public Faults lateCallbackDelay(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max, were " + min + " and " + max);
        }
        this.lateCallbackMin = min;
        this.lateCallbackMax = max;
        return this;
    }

    public Faults clear() {
        serverError = Armed.NEVER;
        serverErrorAfterPlacing = Armed.NEVER;
        lookupServerError = Armed.NEVER;
        slowAnswer = Armed.NEVER;
        slowAnswerDelay = Duration.ZERO;
        callbackDuplicate = Armed.NEVER;
        callbackDrop = Armed.NEVER;
        callbackReorder = Armed.NEVER;
        hangupCallbackLoss = Armed.NEVER;
        lateCallback = Armed.NEVER;
        return this;
    }

    boolean serverError(Random r) {
        return serverError.strikes(r);
    }

    boolean serverErrorAfterPlacing(Random r) {
        return serverErrorAfterPlacing.strikes(r);
    }

    boolean lookupServerError(Random r) {
        return lookupServerError.strikes(r);
    }

    /** How long this Make-a-Call answer is held back; zero when not slow. */
    Duration slowAnswer(Random r) {
        Duration delay = slowAnswerDelay;
        return !delay.isZero() && slowAnswer.strikes(r) ? delay : Duration.ZERO;
    }

    boolean duplicateCallback(Random r) {
        return callbackDuplicate.strikes(r);
    }

    boolean dropCallback(Random r) {
        return callbackDrop.strikes(r);
    }

    boolean reorderCallbacks(Random r) {
        return callbackReorder.strikes(r);
    }

    boolean loseHangupCallback(Random r) {
        return hangupCallbackLoss.strikes(r);
    }

    /** How late this callback is sent; zero when on time. */
    Duration lateCallback(Random r) {
        if (!lateCallback.strikes(r)) {
            return Duration.ZERO;
        }
        long min = lateCallbackMin.toNanos();
        long spread = lateCallbackMax.toNanos() - min;
        return Duration.ofNanos(min + (spread == 0 ? 0 : (long) (r.nextDouble() * spread)));
    }

    @Override
    public String toString() {
        return "server errors " + serverError.rate() + ", after placing " + serverErrorAfterPlacing.rate()
                + ", lookups " + lookupServerError.rate() + ", slow answers " + slowAnswer.rate() + " of " + slowAnswerDelay.toMillis()
                + " ms, callbacks duplicated " + callbackDuplicate.rate() + ", dropped " + callbackDrop.rate()
                + ", reordered " + callbackReorder.rate() + ", late " + lateCallback.rate() + " (" + lateCallbackMin.toMillis()
                + "-" + lateCallbackMax.toMillis() + " ms), hangups lost " + hangupCallbackLoss.rate();
    }
}
