package com.dialer.scheduler;

/**
 * A client's live load and limits as the scheduler sees them before a release.
 *
 * @param liveSlots     slots held now ({@code ZCARD slots:{client}}; expired leases are the executor's to drop)
 * @param cap           concurrency cap from {@code limits:{client}}, or null when Redis sets none
 * @param callsPerMinute optional per-client rate from {@code limits:{client}}, or null
 */
record ClientLoad(long liveSlots, Integer cap, Integer callsPerMinute) {
}
