package com.dialer.launcher.campaign;

import java.util.List;

import com.dialer.avro.CampaignSettings;
import com.dialer.avro.Contact;

/** A campaign as upstream publishes it: its CREATE settings and its contacts. */
public record CampaignPlan(String campaignId, String clientId, CampaignSettings settings, List<Contact> contacts) {

    public CampaignPlan {
        if (campaignId == null || campaignId.isBlank()) {
            throw new IllegalArgumentException("campaignId: required");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId: required");
        }
        if (settings == null) {
            throw new IllegalArgumentException("settings: required");
        }
        contacts = List.copyOf(contacts);
    }
}
