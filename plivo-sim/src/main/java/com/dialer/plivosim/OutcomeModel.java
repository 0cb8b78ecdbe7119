package com.dialer.plivosim;

import java.util.Random;

/**
 * How simulated callees behave: the share of each outcome and the ring and talk time ranges, in
 * simulated seconds (the simulator's time scale turns them into real time).
 */
public record OutcomeModel(double answerRate, double busyRate, double noAnswerRate, double failedRate,
                           double machineRate, double ringSecondsMin, double ringSecondsMax,
                           double talkSecondsMin, double talkSecondsMax) {

    public enum Outcome { ANSWER, BUSY, NO_ANSWER, FAILED, MACHINE }

    public OutcomeModel {
        double total = answerRate + busyRate + noAnswerRate + failedRate + machineRate;
        if (answerRate < 0 || busyRate < 0 || noAnswerRate < 0 || failedRate < 0 || machineRate < 0 || total <= 0) {
            throw new IllegalArgumentException("outcome rates must be >= 0 and not all 0");
        }
        if (ringSecondsMin < 0 || ringSecondsMax < ringSecondsMin || talkSecondsMin < 0 || talkSecondsMax < talkSecondsMin) {
            throw new IllegalArgumentException("ring/talk ranges must be 0 <= min <= max");
        }
    }

    /** 60% answered, the rest spread over busy, no answer, failed and machines; 2–20 s ring, 5–90 s talk. */
    public static OutcomeModel typical() {
        return new OutcomeModel(0.6, 0.1, 0.15, 0.05, 0.1, 2, 20, 5, 90);
    }

    /** Every call answered: handy when a test wants predictable intervals. */
    public static OutcomeModel alwaysAnswer(double ringSeconds, double talkSeconds) {
        return new OutcomeModel(1, 0, 0, 0, 0, ringSeconds, ringSeconds, talkSeconds, talkSeconds);
    }

    /** The same model with another answer rate; the other outcomes share the rest as before. */
    public OutcomeModel withAnswerRate(double rate) {
        double others = busyRate + noAnswerRate + failedRate + machineRate;
        double scale = others == 0 ? 0 : (1 - rate) / others;
        return new OutcomeModel(rate, busyRate * scale, noAnswerRate * scale, failedRate * scale, machineRate * scale,
                ringSecondsMin, ringSecondsMax, talkSecondsMin, talkSecondsMax);
    }

    Outcome draw(Random random) {
        double total = answerRate + busyRate + noAnswerRate + failedRate + machineRate;
        double x = random.nextDouble() * total;
        if ((x -= answerRate) < 0) {
            return Outcome.ANSWER;
        }
        if ((x -= busyRate) < 0) {
            return Outcome.BUSY;
        }
        if ((x -= noAnswerRate) < 0) {
            return Outcome.NO_ANSWER;
        }
        if ((x -= failedRate) < 0) {
            return Outcome.FAILED;
        }
        return Outcome.MACHINE;
    }

    double ringSeconds(Random random) {
        return between(random, ringSecondsMin, ringSecondsMax);
    }

    double talkSeconds(Random random) {
        return between(random, talkSecondsMin, talkSecondsMax);
    }

    private static double between(Random random, double min, double max) {
        return max == min ? min : min + random.nextDouble() * (max - min);
    }
}
