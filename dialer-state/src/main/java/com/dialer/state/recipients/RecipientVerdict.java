package com.dialer.state.recipients;

import java.time.Duration;

/** The answer to one candidate of a claim. */
public sealed interface RecipientVerdict {

    RecipientAttempt attempt();

    /**
     * The number is held for this attempt now.
     *
     * @param replay the attempt held it already: its release was replayed (e.g. after an aborted
     *               transaction), and the same attempt may go ahead
     */
    record Claimed(RecipientAttempt attempt, boolean replay) implements RecipientVerdict {
    }

    /**
     * The number may not be called now.
     *
     * @param retryIn for {@link Reason#GAP} and {@link Reason#CAP} exactly how long until it may; for
     *             {@link Reason#LIVE} the least time until it could (the live call may end any
     *             moment, and then the gap since its start still applies), bounded by the end of the hold
     */
    record Refused(RecipientAttempt attempt, Reason reason, Duration retryIn) implements RecipientVerdict {
    }

    enum Reason {
        /** another attempt to the number is live */
        LIVE,
        /** the last call started less than the minimum gap ago */
        GAP,
        /** the number had its most calls in the period */
        CAP
    }
}
