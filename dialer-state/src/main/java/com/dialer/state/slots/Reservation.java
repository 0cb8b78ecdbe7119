package com.dialer.state.slots;

import java.time.Duration;

/** What a reservation attempt got. */
public sealed interface Reservation {

    /** The slot is this attempt's, under a short lease to be renewed while warming up and dialing. */
    record Reserved(int active, int cap) implements Reservation {
    }

    /** Which cap said no. */
    enum Level { CLIENT, CAMPAIGN }

    /**
     * The client, or the campaign ({@code level}), is at its cap; the earliest lease of that level ends
     * in {@code nextLeaseEnds} at the latest.
     */
    record Full(int active, int cap, Duration nextLeaseEnds, Level level) implements Reservation {
    }

    /** The attempt already has state: a redelivered request, never dialed again. */
    record Duplicate(String state) implements Reservation {
    }

    /** Redis lost its hot state and it has not been rebuilt yet: no reservation may be trusted. */
    record NotReady() implements Reservation {
    }
}
