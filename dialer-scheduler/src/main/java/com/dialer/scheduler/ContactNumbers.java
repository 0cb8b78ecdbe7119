package com.dialer.scheduler;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.dialer.avro.Contact;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns a contact's number as given upstream into E.164 and picks the zones its calling window is
 * read in: the record's zone when it names one; else the zones libphonenumber maps the number to
 * (by country and, in the US and Canada, area code); else {@code DEFAULT_TIME_ZONE}. A valid number the
 * client's {@link NumberPolicy} does not allow (a premium-rate number, another country) is invalid too.
 */
final class ContactNumbers {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper ZONES = PhoneNumberToTimeZonesMapper.getInstance();

    /** A contact that can be dialed, or why it cannot. */
    sealed interface Checked permits Dialable, Invalid {
    }

    record Dialable(String e164, ContactZones zones) implements Checked {
    }

    record Invalid(String reason) implements Checked {
    }

    private final String defaultRegion;
    private final ZoneId defaultZone;
    private final NumberPolicy policy;

    ContactNumbers(String defaultRegion, ZoneId defaultZone, NumberPolicy policy) {
        this.defaultRegion = defaultRegion;
        this.defaultZone = defaultZone;
        this.policy = policy;
    }

    /** @param clientId the campaign's client, null while the campaign is unknown (the default policy applies) */
    Checked check(Contact contact, String clientId) {
        String region = contact.getDefaultRegion() == null ? defaultRegion : contact.getDefaultRegion();
        PhoneNumber number;
        try {
            number = PHONES.parse(contact.getPhoneNumber(), region);
        } catch (NumberParseException e) {
            return new Invalid("unparseable number '" + contact.getPhoneNumber() + "': " + e.getMessage());
        }
        if (!PHONES.isValidNumber(number)) {
            return new Invalid("not a valid number: '" + contact.getPhoneNumber() + "' (region " + region + ")");
        }
        Optional<String> refused = policy.problem(clientId, number);
        if (refused.isPresent()) {
            return new Invalid(refused.get());
        }
        String e164 = PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        if (contact.getTimeZone() == null) {
            return new Dialable(e164, zonesOf(number));
        }
        try {
            return new Dialable(e164, ContactZones.of(ZoneId.of(contact.getTimeZone())));
        } catch (DateTimeException e) {
            return new Invalid("unknown time zone '" + contact.getTimeZone() + "'");
        }
    }

    /** The zones the number is in, as far as its prefix tells; the default zone when it tells none. */
    ContactZones zonesOf(PhoneNumber number) {
        List<ZoneId> zones = new ArrayList<>();
        for (String id : ZONES.getTimeZonesForNumber(number)) {
            try {
                zones.add(ZoneId.of(id));
            } catch (DateTimeException e) {
                // "Etc/Unknown", or an id this JVM's zone rules do not know: not a zone to read a window in
            }
        }
        return zones.isEmpty() ? ContactZones.of(defaultZone) : new ContactZones(zones);
    }
}
