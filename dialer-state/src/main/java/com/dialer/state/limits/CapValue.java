package com.dialer.state.limits;

/**
 * How a concurrency cap is written, wherever it is read: a whole number 0..1,000,000 in plain digits
 * (0 = no new calls). {@code reserve-slot.lua} reads Redis' {@code cap} fields by the same rule; a
 * value that breaks it (a typo in a hand edit) counts as unset, so the configured cap applies rather
 * than none.
 */
public final class CapValue {
    public static final int MAX = 1_000_000;
    public static final String BOUNDS = "0.." + MAX;

    private CapValue() {
    }

    /** The cap, or null when {@code raw} is not one. */
    public static Integer parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 7) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
                return null;
            }
        }
        int value = Integer.parseInt(raw);
        return value <= MAX ? value : null;
    }

    /** The cap, or an {@link IllegalArgumentException} naming {@code what}. */
    public static int require(String what, String raw) {
        Integer cap = parse(raw == null ? null : raw.strip());
        if (cap == null) {
            throw new IllegalArgumentException(what + " must be a whole number " + BOUNDS + ", was '" + raw + "'");
        }
        return cap;
    }

    /** An int cap within bounds, or an {@link IllegalArgumentException} naming {@code what}. */
    public static int check(String what, int cap) {
        if (cap < 0 || cap > MAX) {
            throw new IllegalArgumentException(what + " must be " + BOUNDS + ", was " + cap);
        }
        return cap;
    }
}
