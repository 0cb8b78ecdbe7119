package com.dialer.schemas;

import java.util.Optional;

import com.dialer.avro.CampaignSettings;

/**
 * What a campaign's schedule may be: {@code endAt}, when both are set, after {@code startAt}. Checked by
 * the launcher when it reads a campaign file and by the scheduler at intake (a command breaking it goes to
 * the DLQ with {@link #problem}'s reason), so both refuse the same schedules with the same words.
 */
public final class ScheduleRule {

    private ScheduleRule() {
    }

    /** Why the settings' schedule is not one, or empty when it is. */
    public static Optional<String> problem(CampaignSettings settings) {
        if (settings.getStartAt() != null && settings.getEndAt() != null && !settings.getEndAt().isAfter(settings.getStartAt())) {
            return Optional.of("settings.endAt (" + settings.getEndAt() + ") must be after settings.startAt ("
                    + settings.getStartAt() + ")");
        }
        return Optional.empty();
    }
}
