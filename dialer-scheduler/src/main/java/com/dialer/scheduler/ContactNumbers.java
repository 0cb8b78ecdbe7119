package com.dialer.scheduler;

import java.time.ZoneId;

import com.dialer.avro.Contact;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Turns a contact's number as given upstream into E.164 and picks the zone its calling window is read in. */
final class ContactNumbers {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** A contact that can be dialed, or why it cannot. */
    sealed interface Checked permits Dialable, Invalid {
    }

    record Dialable(String e164, ZoneId zone) implements Checked {
    }

    record Invalid(String reason) implements Checked {
    }

    private final String defaultRegion;
    private final ZoneId defaultZone;

    ContactNumbers(String defaultRegion, ZoneId defaultZone) {
        this.defaultRegion = defaultRegion;
        this.defaultZone = defaultZone;
    }

    Checked check(Contact contact) {
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
        ZoneId zone = defaultZone;
        if (contact.getTimeZone() != null) {
            try {
                zone = ZoneId.of(contact.getTimeZone());
            } catch (RuntimeException e) {
                return new Invalid("unknown time zone '" + contact.getTimeZone() + "'");
            }
        }
        return new Dialable(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), zone);
    }
}
