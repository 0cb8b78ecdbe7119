package com.dialer.scheduler;

import java.time.DayOfWeek;
import java.util.Optional;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;

/** What makes an input record usable; the answer is the reason written to the DLQ. */
final class InputRules {
    private InputRules() {
    }

    static Optional<String> command(CampaignCommand command) {
        if (blank(command.getCampaignId()) || blank(command.getClientId())) {
            return Optional.of("campaignId and clientId are required");
        }
        if (command.getCampaignId().contains("|") || command.getClientId().contains("|")) {
            return Optional.of("campaignId and clientId must not contain '|'");
        }
        if (command.getType() == CommandType.UNKNOWN) {
            return Optional.of("unknown command type");
        }
        boolean needsSettings = command.getType() == CommandType.CREATE || command.getType() == CommandType.UPDATE_SETTINGS;
        if (needsSettings) {
            if (command.getSettings() == null) {
                return Optional.of(command.getType() + " needs settings");
            }
            return settings(command.getSettings());
        }
        return Optional.empty();
    }

    private static Optional<String> settings(CampaignSettings settings) {
        if (settings.getCallsPerMinute() < 1) {
            return Optional.of("settings.callsPerMinute must be >= 1, was " + settings.getCallsPerMinute());
        }
        if (!(settings.getWeight() > 0) || settings.getWeight() > 1_000) {
            return Optional.of("settings.weight must be in (0, 1000], was " + settings.getWeight());
        }
        if (settings.getCallingWindow() != null) {
            for (String day : settings.getCallingWindow().getDays()) {
                try {
                    DayOfWeek.valueOf(day.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return Optional.of("settings.callingWindow.days: '" + day + "' is not a day (MONDAY..SUNDAY)");
                }
            }
            if (settings.getCallingWindow().getStart().equals(settings.getCallingWindow().getEnd())) {
                return Optional.of("settings.callingWindow: start equals end, the window would never open");
            }
        }
        return Optional.empty();
    }

    static Optional<String> contact(Contact contact) {
        if (blank(contact.getCampaignId()) || blank(contact.getContactId())) {
            return Optional.of("campaignId and contactId are required");
        }
        if (contact.getCampaignId().contains("|") || contact.getContactId().contains("|")) {
            return Optional.of("campaignId and contactId must not contain '|'");
        }
        return Optional.empty();
    }

    static Optional<String> outcome(CallOutcome outcome) {
        if (blank(outcome.getCampaignId()) || blank(outcome.getContactId()) || blank(outcome.getAttemptId())) {
            return Optional.of("attemptId, campaignId and contactId are required");
        }
        if (outcome.getAttemptNumber() < 0) {
            return Optional.of("attemptNumber must be >= 0, was " + outcome.getAttemptNumber());
        }
        return Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
