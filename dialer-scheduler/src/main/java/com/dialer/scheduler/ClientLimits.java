package com.dialer.scheduler;

/**
 * A client's and a campaign's live calls and the caps in force, as the scheduler paces by them (the
 * one resolution of {@code com.dialer.state.limits.LiveLimits}); the executor's atomic reservation
 * stays the hard cap. Also where the scheduler mirrors a campaign's cap for that reservation.
 */
public interface ClientLimits {

    ClientLoad load(String clientId);

    /** The campaign's live calls and cap in force; {@code settingsCap} is its settings' concurrencyCap. */
    CampaignLoad campaign(String clientId, String campaignId, Integer settingsCap);

    /** Writes the campaign's cap (null: none) where the reservation script reads it. */
    void mirrorCampaignCap(String clientId, String campaignId, Integer cap);
}
