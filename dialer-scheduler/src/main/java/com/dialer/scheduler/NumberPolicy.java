package com.dialer.scheduler;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.IdRule;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Which numbers a client may have called, by libphonenumber's country and number type, checked at intake:
 * a refused contact ends {@code INVALID} with the reason. By default fixed lines and mobiles of any country;
 * premium-rate, shared-cost, UAN and every other type only where an operator allowed them (toll fraud is
 * a campaign of premium-rate numbers).
 *
 * @param fallback the rule of clients without an entry of their own
 * @param clients  per-client rules, replacing the fallback whole
 */
public record NumberPolicy(Rule fallback, Map<String, Rule> clients) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Set<PhoneNumberType> DEFAULT_TYPES =
            EnumSet.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);

    public static final ConfigKey<Set<String>> COUNTRIES = ConfigKey.parsed("NUMBER_COUNTRIES", "region codes (US,GB) or *",
            "countries a client without a CLIENT_NUMBER_POLICY entry may call (default *: any)", NumberPolicy::countries);
    public static final ConfigKey<Set<PhoneNumberType>> TYPES = ConfigKey.parsed("NUMBER_TYPES",
            "libphonenumber types (FIXED_LINE,MOBILE,...) or *",
            "number types a client without a CLIENT_NUMBER_POLICY entry may call (default FIXED_LINE,MOBILE,FIXED_LINE_OR_MOBILE)",
            raw -> raw == null ? DEFAULT_TYPES : types(raw));
    public static final ConfigKey<Map<String, Rule>> CLIENTS = ConfigKey.parsed("CLIENT_NUMBER_POLICY",
            "client=COUNTRIES/TYPES;... e.g. acme=US,CA/MOBILE;globex=*/FIXED_LINE,TOLL_FREE",
            "a client's own countries and number types, in place of NUMBER_COUNTRIES and NUMBER_TYPES", NumberPolicy::clients);

    /**
     * @param countries region codes, empty = any
     * @param types     allowed number types
     */
    public record Rule(Set<String> countries, Set<PhoneNumberType> types) {
        public Rule {
            countries = Set.copyOf(countries);
            types = types.isEmpty() ? EnumSet.noneOf(PhoneNumberType.class) : EnumSet.copyOf(types);
        }

        @Override
        public String toString() {
            return (countries.isEmpty() ? "*" : String.join(",", new java.util.TreeSet<>(countries))) + "/" + types;
        }
    }

    public NumberPolicy {
        clients = Map.copyOf(clients);
    }

    public static NumberPolicy from(EnvironmentKeys keys) {
        return new NumberPolicy(new Rule(COUNTRIES.read(keys), TYPES.read(keys)), CLIENTS.read(keys));
    }

    /** Why {@code clientId} may not call {@code number} (a valid number), or empty when it may. */
    Optional<String> problem(String clientId, PhoneNumber number) {
        Rule rule = clientId == null ? fallback : clients.getOrDefault(clientId, fallback);
        String region = PHONES.getRegionCodeForNumber(number);
        if (!rule.countries().isEmpty() && (region == null || !rule.countries().contains(region))) {
            return Optional.of("number of country " + region + " not allowed for client " + clientId + " (" + where(clientId) + ")");
        }
        PhoneNumberType type = PHONES.getNumberType(number);
        if (!rule.types().contains(type)) {
            return Optional.of("number type " + type + " not allowed for client " + clientId + " (" + where(clientId) + ")");
        }
        return Optional.empty();
    }

    private String where(String clientId) {
        return clientId != null && clients.containsKey(clientId) ? CLIENTS.name() : COUNTRIES.name() + ", " + TYPES.name();
    }

    private static Set<String> countries(String raw) {
        if (raw == null || raw.strip().equals("*")) {
            return Set.of();
        }
        Set<String> supported = PHONES.getSupportedRegions();
        Set<String> countries = Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        for (String c : countries) {
            if (!supported.contains(c)) {
                throw new IllegalArgumentException("'" + c + "' is not a region code libphonenumber knows (e.g. US, GB)");
            }
        }
        if (countries.isEmpty()) {
            throw new IllegalArgumentException("no country (use * for any)");
        }
        return countries;
    }

    private static Set<PhoneNumberType> types(String raw) {
        if (raw.strip().equals("*")) {
            return EnumSet.allOf(PhoneNumberType.class);
        }
        Set<PhoneNumberType> types = EnumSet.noneOf(PhoneNumberType.class);
        for (String t : raw.split(",")) {
            if (t.isBlank()) {
                continue;
            }
            try {
                types.add(PhoneNumberType.valueOf(t.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + t.strip() + "' is not a number type, one of "
                        + Arrays.toString(PhoneNumberType.values()));
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no number type");
        }
        return types;
    }

    private static Map<String, Rule> clients(String raw) {
        Map<String, Rule> clients = new LinkedHashMap<>();
        if (raw == null) {
            return clients;
        }
        for (String entry : raw.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            int slash = entry.indexOf('/');
            if (eq < 1 || slash < eq) {
                throw new IllegalArgumentException("'" + entry.strip() + "' is not client=COUNTRIES/TYPES");
            }
            String client = IdRule.require("clientId", entry.substring(0, eq).strip());
            if (clients.put(client, new Rule(countries(entry.substring(eq + 1, slash)), types(entry.substring(slash + 1)))) != null) {
                throw new IllegalArgumentException("client " + client + " given twice");
            }
        }
        return clients;
    }
}
