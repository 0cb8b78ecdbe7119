package com.dialer.state.callerid;

import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Where a caller number is local, in one of three forms:
 * <ul>
 *   <li>{@code US}: a region (ISO country) as libphonenumber tells it from the callee's number, so {@code US}
 *       and {@code CA} are told apart under +1;</li>
 *   <li>{@code US:415}, {@code GB:20}, {@code IN:22}: a region and a prefix of the callee's national number
 *       (an area code, or any longer prefix);</li>
 *   <li>{@code +1415}: a prefix of the callee's E.164 number.</li>
 * </ul>
 * The longest prefix wins: {@link #rank()} grows with the digits a region pins down (country code included),
 * a region-checked form ranking just above the bare E.164 prefix of the same digits.
 *
 * @param text   as written in the pool file
 * @param region the ISO region the callee must be in (null for an E.164 prefix)
 * @param prefix digits the callee's national number (with a region) or E.164 digits (without) must start with
 * @param rank   how specific it is: greater wins
 */
public record CallerRegion(String text, String region, String prefix, int rank) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern DIGITS = Pattern.compile("\\d{1,15}");

    static CallerRegion parse(String raw) {
        String text = raw.strip();
        if (text.startsWith("+")) {
            String digits = text.substring(1);
            if (!DIGITS.matcher(digits).matches() || digits.startsWith("0")) {
                throw new IllegalArgumentException("'" + raw + "' is not an E.164 prefix (+ and 1 to 15 digits, e.g. +1415)");
            }
            return new CallerRegion(text, null, digits, 2 * digits.length());
        }
        int colon = text.indexOf(':');
        String region = (colon < 0 ? text : text.substring(0, colon)).strip().toUpperCase(Locale.ROOT);
        if (!PHONES.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("'" + raw + "': '" + region + "' is not a region code libphonenumber knows (e.g. US, GB, IN)");
        }
        String prefix = colon < 0 ? "" : text.substring(colon + 1).strip();
        if (colon >= 0 && !DIGITS.matcher(prefix).matches()) {
            throw new IllegalArgumentException("'" + raw + "': the area code after ':' must be digits (e.g. US:415)");
        }
        int countryDigits = Integer.toString(PHONES.getCountryCodeForRegion(region)).length();
        return new CallerRegion(region + (prefix.isEmpty() ? "" : ":" + prefix), region, prefix,
                2 * (countryDigits + prefix.length()) + 1);
    }

    boolean matches(Callee callee) {
        if (region == null) {
            return callee.e164Digits().startsWith(prefix);
        }
        return region.equals(callee.region()) && callee.national().startsWith(prefix);
    }

    @Override
    public String toString() {
        return text;
    }
}
