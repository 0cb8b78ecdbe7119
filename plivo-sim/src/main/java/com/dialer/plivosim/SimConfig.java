package com.dialer.plivosim;

import java.time.Duration;

/**
 * The simulator's settings.
 *
 * @param authId          the Plivo auth id calls must use (Basic auth user; "MA" + 18 characters)
 * @param authToken       the auth token (Basic auth password; also signs callbacks, V3)
 * @param callsPerSecond  outbound calls per second of the account (Plivo's default: 2)
 * @param rejectOverCps   reject calls over the CPS (as Plivo does in some regions, code 5030) instead of queueing
 * @param outcomes        how callees behave
 * @param timeScale       real seconds per simulated second (0.01: a 90 s call lasts 0.9 s)
 * @param seed            seed of every random draw, for repeatable runs
 * @param callbackAttempts how many times a callback not answered with 200 is tried
 * @param callbackTimeout  how long one callback attempt may take
 * @param otherAccounts    more accounts beside the main one ({@code authId}), each with its own token and CPS
 */
public record SimConfig(String authId, String authToken, double callsPerSecond, boolean rejectOverCps,
                        OutcomeModel outcomes, double timeScale, long seed, int callbackAttempts,
                        Duration callbackTimeout, java.util.List<SimAccount> otherAccounts) {

    public SimConfig(String authId, String authToken, double callsPerSecond, boolean rejectOverCps, OutcomeModel outcomes,
                     double timeScale, long seed, int callbackAttempts, Duration callbackTimeout) {
        this(authId, authToken, callsPerSecond, rejectOverCps, outcomes, timeScale, seed, callbackAttempts, callbackTimeout,
                java.util.List.of());
    }

    public static final String DEFAULT_AUTH_ID = "MADIALERSIMULATOR001";
    public static final String DEFAULT_AUTH_TOKEN = "simulator-auth-token";

    public SimConfig {
        new SimAccount(authId, authToken, callsPerSecond); // the main account is checked as any other
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("timeScale: must be > 0, was " + timeScale);
        }
        if (callbackAttempts < 1) {
            throw new IllegalArgumentException("callbackAttempts: must be >= 1");
        }
        otherAccounts = otherAccounts == null ? java.util.List.of() : java.util.List.copyOf(otherAccounts);
        java.util.Set<String> ids = new java.util.HashSet<>(java.util.List.of(authId));
        for (SimAccount account : otherAccounts) {
            if (!ids.add(account.authId())) {
                throw new IllegalArgumentException("otherAccounts: auth id " + account.authId() + " given twice");
            }
        }
    }

    /** The main account first, then the others. */
    public java.util.List<SimAccount> accounts() {
        java.util.List<SimAccount> all = new java.util.ArrayList<>();
        all.add(new SimAccount(authId, authToken, callsPerSecond));
        all.addAll(otherAccounts);
        return all;
    }

    /** One more account, with its own auth id, token and CPS. */
    public SimConfig withAccount(SimAccount account) {
        java.util.List<SimAccount> more = new java.util.ArrayList<>(otherAccounts);
        more.add(account);
        return new SimConfig(authId, authToken, callsPerSecond, rejectOverCps, outcomes, timeScale, seed, callbackAttempts,
                callbackTimeout, more);
    }

    public static SimConfig defaults() {
        return new SimConfig(DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN, 2, false, OutcomeModel.typical(), 1.0, 42L, 3,
                Duration.ofSeconds(5));
    }

    public SimConfig withCallsPerSecond(double cps) {
        return new SimConfig(authId, authToken, cps, rejectOverCps, outcomes, timeScale, seed, callbackAttempts, callbackTimeout, otherAccounts);
    }

    public SimConfig withRejectOverCps(boolean reject) {
        return new SimConfig(authId, authToken, callsPerSecond, reject, outcomes, timeScale, seed, callbackAttempts, callbackTimeout, otherAccounts);
    }

    public SimConfig withOutcomes(OutcomeModel model) {
        return new SimConfig(authId, authToken, callsPerSecond, rejectOverCps, model, timeScale, seed, callbackAttempts, callbackTimeout, otherAccounts);
    }

    public SimConfig withTimeScale(double scale) {
        return new SimConfig(authId, authToken, callsPerSecond, rejectOverCps, outcomes, scale, seed, callbackAttempts, callbackTimeout, otherAccounts);
    }

    public SimConfig withSeed(long newSeed) {
        return new SimConfig(authId, authToken, callsPerSecond, rejectOverCps, outcomes, timeScale, newSeed, callbackAttempts, callbackTimeout, otherAccounts);
    }

    /** Real time for a span of simulated seconds. */
    Duration scaled(double simulatedSeconds) {
        return Duration.ofNanos((long) (simulatedSeconds * timeScale * 1_000_000_000L));
    }
}
