package com.dialer.plivosim;

import java.util.Random;

/**
 * Fault switches, changeable while the simulator runs. Rates are probabilities in [0, 1].
 * The nasty one is {@link #serverErrorAfterPlacingRate}: the call is really placed, then the
 * API answers 5xx, which plivo-java's {@code create()} answers by re-sending the POST.
 */
public final class Faults {
    private volatile double serverErrorRate;
    private volatile double serverErrorAfterPlacingRate;
    private volatile long slowAnswerMillis;
    private volatile double callbackDuplicateRate;
    private volatile double callbackDropRate;
    private volatile double callbackReorderRate;

    /** 5xx without placing the call. */
    public Faults serverErrorRate(double rate) {
        this.serverErrorRate = check(rate);
        return this;
    }

    /** The call is placed, then the API answers 5xx. */
    public Faults serverErrorAfterPlacingRate(double rate) {
        this.serverErrorAfterPlacingRate = check(rate);
        return this;
    }

    /** Every API answer is delayed this long (real time). */
    public Faults slowAnswerMillis(long millis) {
        this.slowAnswerMillis = Math.max(0, millis);
        return this;
    }

    /** A callback is delivered twice. */
    public Faults callbackDuplicateRate(double rate) {
        this.callbackDuplicateRate = check(rate);
        return this;
    }

    /** A ring or hangup callback is never sent. */
    public Faults callbackDropRate(double rate) {
        this.callbackDropRate = check(rate);
        return this;
    }

    /** The ring callback of a call arrives after its hangup callback. */
    public Faults callbackReorderRate(double rate) {
        this.callbackReorderRate = check(rate);
        return this;
    }

    public Faults clear() {
        serverErrorRate = 0;
        serverErrorAfterPlacingRate = 0;
        slowAnswerMillis = 0;
        callbackDuplicateRate = 0;
        callbackDropRate = 0;
        callbackReorderRate = 0;
        return this;
    }

    boolean serverError(Random r) {
        return serverErrorRate > 0 && r.nextDouble() < serverErrorRate;
    }

    boolean serverErrorAfterPlacing(Random r) {
        return serverErrorAfterPlacingRate > 0 && r.nextDouble() < serverErrorAfterPlacingRate;
    }

    long slowAnswerMillis() {
        return slowAnswerMillis;
    }

    boolean duplicateCallback(Random r) {
        return callbackDuplicateRate > 0 && r.nextDouble() < callbackDuplicateRate;
    }

    boolean dropCallback(Random r) {
        return callbackDropRate > 0 && r.nextDouble() < callbackDropRate;
    }

    boolean reorderCallbacks(Random r) {
        return callbackReorderRate > 0 && r.nextDouble() < callbackReorderRate;
    }

    private static double check(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a rate is a probability in [0, 1], was " + rate);
        }
        return rate;
    }
}
