package com.dialer.state.callerid;

import java.time.Duration;

/** What the pick of a caller number for one attempt came to. */
public sealed interface CallerIdPick {

    /** Call from {@code e164}; {@code usedToday} counts this call (-1: the attempt's earlier pick, kept). */
    record Picked(String e164, int usedToday) implements CallerIdPick {
    }

    /** Every number that may call the callee is at its daily cap: wait; the first of their days ends in {@code dayEndsIn}. */
    record AllAtCap(Duration dayEndsIn) implements CallerIdPick {
    }

    /** No number can call this callee: the pool is unknown, or none of its numbers serves the callee's region. */
    record NoNumber(String why) implements CallerIdPick {
    }
}
