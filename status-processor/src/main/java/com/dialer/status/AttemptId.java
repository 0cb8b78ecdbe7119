package com.dialer.status;

import java.util.Optional;

/**
 * The scheduler's attempt id convention, {@code <campaignId>:<contactId>:<attemptNumber>} with
 * attempt numbers from 1: what identifies an attempt when its own events do not say it yet (a
 * hangup webhook that overtook the executor's DIALING event carries only the attempt id and client).
 */
record AttemptId(String campaignId, String contactId, int attemptNumber) {

    /**
     * @param knownCampaign the campaign when an event named it, so a contact id containing ':' still
     *                      parses; null to take the campaign up to the first ':'
     */
    static Optional<AttemptId> parse(String attemptId, String knownCampaign) {
        if (attemptId == null) {
            return Optional.empty();
        }
        int last = attemptId.lastIndexOf(':');
        if (last < 0) {
            return Optional.empty();
        }
        String campaign;
        int contactStart;
        if (knownCampaign != null) {
            if (!attemptId.startsWith(knownCampaign + ":")) {
                return Optional.empty();
            }
            campaign = knownCampaign;
            contactStart = knownCampaign.length() + 1;
        } else {
            int first = attemptId.indexOf(':');
            campaign = attemptId.substring(0, first);
            contactStart = first + 1;
        }
        if (campaign.isEmpty() || contactStart >= last) {
            return Optional.empty();
        }
        int number;
        try {
            number = Integer.parseInt(attemptId.substring(last + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (number < 1) {
            return Optional.empty();
        }
        return Optional.of(new AttemptId(campaign, attemptId.substring(contactStart, last), number));
    }
}
