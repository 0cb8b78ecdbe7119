package com.dialer.scheduler;

import java.time.Instant;

import com.dialer.avro.CampaignSettings;

/**
 * A campaign's schedule, {@code startAt} and {@code endAt} of its settings: nothing is released before
 * the start; from the end no attempt starts, attempts already live finish, and every contact not finished
 * ends {@code EXPIRED} (the release punctuator, the outcome processor and intake each apply it here).
 */
final class CampaignSchedule {

    private CampaignSchedule() {
    }

    static boolean notStarted(CampaignSettings settings, Instant now) {
        return settings.getStartAt() != null && now.isBefore(settings.getStartAt());
    }

    static boolean ended(CampaignSettings settings, Instant now) {
        return settings.getEndAt() != null && !now.isBefore(settings.getEndAt());
    }

    /** The reason on an EXPIRED contact's final outcome. */
    static String expiredReason(CampaignSettings settings) {
        return "campaign ended at " + settings.getEndAt();
    }
}
