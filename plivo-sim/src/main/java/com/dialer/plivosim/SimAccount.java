package com.dialer.plivosim;

/**
 * One account the simulator serves: its own auth id, token (Basic auth, and the key its calls' callbacks are
 * signed with) and CPS (its calls over it are queued, or refused in reject mode, apart from other accounts').
 * Each account sees only its own calls, as at Plivo.
 */
public record SimAccount(String authId, String authToken, double callsPerSecond) {

    public SimAccount {
        if (authId == null || !authId.matches("(MA|SA)[A-Za-z0-9]{18}")) {
            throw new IllegalArgumentException("authId: must be MA or SA followed by 18 letters or digits, was " + authId);
        }
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("authToken: required");
        }
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("callsPerSecond: must be > 0, was " + callsPerSecond);
        }
    }

    /** {@code AUTH_ID:TOKEN:CPS}, the command line's form. */
    public static SimAccount parse(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("an account is AUTH_ID:TOKEN:CPS, was " + parts.length + " part(s)");
        }
        try {
            return new SimAccount(parts[0], parts[1], Double.parseDouble(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an account's CPS must be a number", e);
        }
    }

    @Override
    public String toString() {
        return "SimAccount[" + authId + ", cps=" + callsPerSecond + "]";
    }
}
