package com.dialer.executor;

import java.time.Duration;

import com.dialer.avro.DialRequest;
import com.dialer.state.callerid.CallerIdPick;
import com.dialer.state.callerid.CallerIds;

/**
 * The number a dial is made from: the campaign's {@code callerId}, or, when the campaign names a
 * {@code callerIdPool}, the number {@link CallerIds} picks from its client's pool for this callee. The
 * request dialed carries the number chosen, so Plivo, the call event and the lookup of a lost dial agree.
 */
final class CallerIdChoice {
    /** Longest wait between two looks while every number is at its cap: a give-back may free one before a day ends. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final CallerIds callerIds;

    CallerIdChoice(CallerIds callerIds) {
        this.callerIds = callerIds;
    }

    sealed interface Choice {
        /** Dial {@code request}, which carries the number to call from. */
        record Use(DialRequest request) implements Choice {
        }

        /** Every number that may call the callee is at its daily cap: dial nothing, look again after {@code retryAfter}. */
        record Wait(Duration retryAfter, String why) implements Choice {
        }

        /** No number of the client can call this callee: the attempt fails with {@code reason}. */
        record Refuse(String reason) implements Choice {
        }
    }

    Choice choose(DialRequest request) {
        if (request.getCallerIdPool() == null) {
            return new Choice.Use(request);
        }
        return switch (callerIds.pick(request.getClientId(), request.getAttemptId(), request.getCallerIdPool(), request.getPhoneNumber())) {
            case CallerIdPick.Picked p -> new Choice.Use(from(request, p.e164()));
            case CallerIdPick.AllAtCap c -> new Choice.Wait(c.dayEndsIn().compareTo(MAX_WAIT) < 0 ? c.dayEndsIn() : MAX_WAIT,
                    "every number of caller-ID pool '" + request.getCallerIdPool() + "' for this callee is at its daily cap");
            case CallerIdPick.NoNumber n -> new Choice.Refuse(n.why());
        };
    }

    /**
     * A request seen before, with the number its earlier dial was made from; "" when that pick is no longer
     * known (a lookup then matches the callee's number alone, which the recipient guard keeps to one live call).
     */
    DialRequest pinned(DialRequest request) {
        if (request.getCallerIdPool() == null) {
            return request;
        }
        String picked = callerIds.picked(request.getClientId(), request.getAttemptId());
        return from(request, picked == null ? "" : picked);
    }

    /** The dial never reached Plivo: the number's use today is given back. */
    void giveBack(DialRequest request) {
        if (request.getCallerIdPool() != null) {
            callerIds.giveBack(request.getClientId(), request.getAttemptId());
        }
    }

    private static DialRequest from(DialRequest request, String e164) {
        return DialRequest.newBuilder(request).setCallerId(e164).build();
    }
}
