package com.dialer.scheduler;

import java.time.DayOfWeek;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.avro.DncEntry;
import com.dialer.schemas.IdRule;
import com.dialer.schemas.OutboundUrlPolicy;
import com.dialer.schemas.ScheduleRule;
import com.dialer.state.limits.CapValue;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** What makes an input record usable; the answer is the reason written to the DLQ. */
final class InputRules {
    private InputRules() {
    }

    /**
     * The record's own rules, then its key: a campaign's records must be keyed by its id, so they
     * share its partition, or its state would split across tasks.
     */
    static <V> BiFunction<String, V, Optional<String>> keyedByCampaign(Function<V, Optional<String>> rules,
                                                                    Function<V, String> campaignOf) {
        return (key, value) -> rules.apply(value).or(() -> campaignOf.apply(value).equals(key) ? Optional.empty()
                : Optional.of("record key '" + key + "' is not its campaignId '" + campaignOf.apply(value) + "'"));
    }

    /**
     * A DNC entry is keyed by the E.164 number (everyone) or clientId|number (one client), and
     * the key says what the value says: a key the scheduler would never look up blocks nobody.
     */
    static Optional<String> dnc(String key, DncEntry entry) {
        if (key == null) {
            return Optional.of("dnc entry without a key");
        }
        if (entry.getClientId() != null && !IdRule.valid(entry.getClientId())) {
            return IdRule.problem("dnc clientId", entry.getClientId());
        }
        String number = entry.getPhoneNumber();
        String expected = entry.getClientId() == null ? number : entry.getClientId() + "|" + number;
        if (!key.equals(expected)) {
            return Optional.of("dnc key '" + key + "' does not match its entry: expected '" + expected + "'");
        }
        String e164;
        try {
            e164 = PhoneNumberUtil.getInstance().format(PhoneNumberUtil.getInstance().parse(number, null),
                    PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return Optional.of("dnc number '" + number + "' is not E.164: " + e.getMessage());
        }
        return e164.equals(number) ? Optional.empty()
                : Optional.of("dnc number '" + number + "' is not E.164, expected '" + e164 + "'");
    }

    /** The command's ids and settings; a warm-up or bot URL outside the operator's allow-list is refused here, at intake. */
    static Optional<String> command(CampaignCommand command, OutboundUrlPolicy urls) {
        Optional<String> badId = IdRule.problem("campaignId", command.getCampaignId())
                .or(() -> IdRule.problem("clientId", command.getClientId()));
        if (badId.isPresent()) {
            return badId;
        }
        if (command.getType() == CommandType.UNKNOWN) {
            return Optional.of("unknown command type");
        }
        boolean needsSettings = command.getType() == CommandType.CREATE || command.getType() == CommandType.UPDATE_SETTINGS;
        if (needsSettings) {
            if (command.getSettings() == null) {
                return Optional.of(command.getType() + " needs settings");
            }
            return settings(command.getSettings())
                    .or(() -> urls.problem("settings.answer.warmupUrl", command.getSettings().getAnswer().getWarmupUrl()))
                    .or(() -> urls.problem("settings.answer.botStreamUrl", command.getSettings().getAnswer().getBotStreamUrl()));
        }
        return Optional.empty();
    }

    private static Optional<String> settings(CampaignSettings settings) {
        if (settings.getCallsPerMinute() < 1) {
            return Optional.of("settings.callsPerMinute must be >= 1, was " + settings.getCallsPerMinute());
        }
        Integer cap = settings.getConcurrencyCap();
        if (cap != null && (cap < 0 || cap > CapValue.MAX)) {
            return Optional.of("settings.concurrencyCap must be " + CapValue.BOUNDS + " (or absent), was " + cap);
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
        return ScheduleRule.problem(settings);
    }

    static Optional<String> contact(Contact contact) {
        return IdRule.problem("campaignId", contact.getCampaignId()).or(() -> IdRule.problem("contactId", contact.getContactId()));
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
