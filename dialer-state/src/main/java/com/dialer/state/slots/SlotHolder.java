package com.dialer.state.slots;

/**
 * Who holds (or asks for) a concurrency slot: one attempt of one campaign of one client. Its ids are
 * checked where they become keys ({@code RedisKeys}).
 */
public record SlotHolder(String clientId, String campaignId, String attemptId) {
}
