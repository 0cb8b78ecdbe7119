package com.dialer.scheduler;

import com.dialer.state.limits.LiveLimits;

/** {@link ClientLimits} on Redis, resolved by {@link LiveLimits}: the same chain the reservation script follows. */
public final class RedisClientLimits implements ClientLimits {
    private final LiveLimits limits;

    public RedisClientLimits(LiveLimits limits) {
        this.limits = limits;
    }

    @Override
    public ClientLoad load(String clientId) {
        LiveLimits.ClientCap cap = limits.client(clientId);
        return new ClientLoad(cap.liveCalls(), cap.cap(), cap.callsPerMinute());
    }

    @Override
    public CampaignLoad campaign(String clientId, String campaignId, Integer settingsCap) {
        LiveLimits.CampaignCap cap = limits.campaign(clientId, campaignId, settingsCap);
        return new CampaignLoad(cap.liveCalls(), cap.cap());
    }

    @Override
    public void mirrorCampaignCap(String clientId, String campaignId, Integer cap) {
        limits.mirrorCampaignCap(clientId, campaignId, cap);
    }
}
