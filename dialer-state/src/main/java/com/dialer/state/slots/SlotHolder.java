package com.dialer.state.slots;

import com.dialer.schemas.IdRule;

/** Who holds (or asks for) a concurrency slot: one attempt of one campaign of one client. */
public record SlotHolder(String clientId, String campaignId, String attemptId) {

    public SlotHolder {
        IdRule.require("clientId", clientId);
        IdRule.require("campaignId", campaignId);
        IdRule.requireAttempt(attemptId);
    }
}
