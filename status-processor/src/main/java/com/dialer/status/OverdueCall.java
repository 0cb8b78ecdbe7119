package com.dialer.status;

/**
 * A live attempt that has gone without news for longer than a call plausibly can: what a lookup at
 * Plivo needs to find the call, and what an event settling it must name.
 *
 * @param overdueSince when it became overdue (epoch ms), for the settle latency
 * @param dialedAt     the first sign of the call (epoch ms): its record started after it
 */
record OverdueCall(String attemptId, String campaignId, String clientId, String contactId, String phoneNumber,
                   Integer attemptNumber, String state, String plivoRequestUuid, String plivoCallUuid, long dialedAt,
                   Integer ringTimeoutSeconds, Integer timeLimitSeconds, long overdueSince) {
}
