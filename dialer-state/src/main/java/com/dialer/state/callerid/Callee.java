package com.dialer.state.callerid;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * The number called, as a pool's regions read it.
 *
 * @param e164Digits the E.164 digits, without the +
 * @param region     libphonenumber's region for it ("" when it knows none)
 * @param national   its national significant number (area code first)
 */
record Callee(String e164Digits, String region, String national) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    static Callee of(String e164) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        try {
            PhoneNumber number = PHONES.parse(e164, null);
            String region = PHONES.getRegionCodeForNumber(number);
            return new Callee(digits, region == null ? "" : region, PHONES.getNationalSignificantNumber(number));
        } catch (NumberParseException e) {
            // numbers are E.164-checked at intake; one that does not parse still matches E.164 prefixes
            return new Callee(digits, "", "");
        }
    }
}
