package com.dialer.executor;

/** What Plivo said to one Make-a-Call request. */
public sealed interface DialResult {

    /** "call fired" or "call queued": the call exists and holds its slot. */
    record Accepted(String requestUuid, boolean queued) implements DialResult {
    }

    /** Plivo refused the call (invalid number, auth, 4xx): provably not placed. */
    record Rejected(String reason) implements DialResult {
    }

    /** The request never reached Plivo (connection refused): provably not placed, may be tried again. */
    record NotPlaced(String reason) implements DialResult {
    }

    /** A 5xx or a timeout: the call may or may not have been placed. Never re-dialed blindly. */
    record Uncertain(String reason) implements DialResult {
    }
}
