package com.dialer.scheduler;

/**
 * A client's live load and limits as the scheduler sees them before a release.
 *
 * @param liveSlots      slots held now ({@code ZCARD slots:{client}}; expired leases are the executor's to drop)
 * @param cap            the client's cap in force (live value, else CLIENT_LIMITS, else DEFAULT_CLIENT_CAP)
 * @param callsPerMinute the client's own rate (live value, else CLIENT_LIMITS), or null when it has none
 */
record ClientLoad(long liveSlots, int cap, Integer callsPerMinute) {
}
