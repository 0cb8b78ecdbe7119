package com.dialer.status;

import com.dialer.avro.CallStatus;
import com.dialer.avro.Disposition;
import java.util.Optional;

/**
 * The forward-only state machine of one call attempt:
 * reserved → dialing → queued → ringing → in-progress → one final state.
 *
 * <p>An event applies only if it moves the attempt strictly forward. This is what makes duplicate
 * webhooks, out-of-order delivery and a replay of the whole topic harmless: the same event, or an
 * older one, never changes the state (nor the counters projected with it) a second time.
 */
public final class CallStateMachine {

    private static final int FINAL_RANK = 5;

    private CallStateMachine() {}

    /** Position of a state in the machine; all final states share the last rank, UNKNOWN has none. */
    static int rank(CallStatus status) {
        return switch (status) {
            case RESERVED -> 0;
            case DIALING -> 1;
            case QUEUED -> 2;
            case RINGING -> 3;
            case IN_PROGRESS -> 4;
            case COMPLETED, BUSY, NO_ANSWER, FAILED, MACHINE, CANCELLED, TIMEOUT -> FINAL_RANK;
            case UNKNOWN -> -1;
        };
    }

    /** True for the states after which nothing can change any more. */
    public static boolean isFinal(CallStatus status) {
        return status != null && rank(status) == FINAL_RANK;
    }

    /**
     * Whether an event with status {@code next} moves an attempt now in {@code current} (null when
     * the attempt is not known yet) forward.
     */
    public static boolean advances(CallStatus current, CallStatus next) {
        if (next == null || next == CallStatus.UNKNOWN) {
            return false; // a status written by a newer schema we cannot place: never guess
        }
        if (current == null) {
            return true; // first word about this attempt, whatever it is (events can precede DIALING)
        }
        if (isFinal(current)) {
            return false; // the first final state wins; a late hangup never rewrites a timeout
        }
        return rank(next) > rank(current);
    }

    /** The disposition a final state is reported with; empty for a live state. */
    public static Optional<Disposition> dispositionOf(CallStatus status) {
        return Optional.ofNullable(switch (status) {
            case COMPLETED -> Disposition.ANSWERED;
            case BUSY -> Disposition.BUSY;
            case NO_ANSWER -> Disposition.NO_ANSWER;
            case FAILED -> Disposition.FAILED;
            case MACHINE -> Disposition.MACHINE;
            case CANCELLED -> Disposition.CANCELLED;
            case TIMEOUT -> Disposition.TIMEOUT;
            case RESERVED, DIALING, QUEUED, RINGING, IN_PROGRESS, UNKNOWN -> null;
        });
    }
}
