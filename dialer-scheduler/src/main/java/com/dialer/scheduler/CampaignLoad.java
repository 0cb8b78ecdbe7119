package com.dialer.scheduler;

/**
 * A campaign's live calls and its cap in force.
 *
 * @param liveSlots slots its attempts hold now ({@code ZCARD slots:{client}:campaign:<id>})
 * @param cap       its cap (the live value mirrored in Redis, else its settings'), or null when it has none
 */
record CampaignLoad(long liveSlots, Integer cap) {
}
