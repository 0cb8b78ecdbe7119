package com.dialer.state.callerid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.IdRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Every client's caller-ID pools: the one owner of {@code CALLER_ID_POOLS_FILE}, read and checked once at
 * start-up (an error names the key and the entry). The file is JSON: client → pool name → numbers.
 * <pre>
 * {"acme": {"local": [
 *    {"number": "+14155550100", "regions": ["US:415", "US:628"], "dailyCap": 100},
 *    {"number": "+442071234567", "regions": ["GB"], "dailyCap": 50, "timeZone": "Europe/London"},
 *    {"number": "+12015550100"}]}}
 * </pre>
 * A number without regions is a default of its pool; without {@code dailyCap} it has no cap; without
 * {@code timeZone} its day is its own region's (libphonenumber's first zone for it, else UTC).
 *
 * @param clients per client, its pools by name
 */
public record CallerIdPools(Map<String, Map<String, CallerIdPool>> clients) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper ZONES = PhoneNumberToTimeZonesMapper.getInstance();
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Set<String> FIELDS = Set.of("number", "regions", "dailyCap", "timeZone");
    private static final int MAX_DAILY_CAP = 1_000_000;

    public static final ConfigKey<CallerIdPools> FILE = ConfigKey.parsed("CALLER_ID_POOLS_FILE",
            "path of a JSON file: {\"<client>\": {\"<pool>\": [{\"number\": \"+E164\", \"regions\": [\"US\", \"US:415\", \"+1415\"], "
                    + "\"dailyCap\": N, \"timeZone\": \"Area/City\"}, ...]}}",
            "the clients' caller-ID pools, which campaigns name as callerIdPool (none when unset)", CallerIdPools::file);

    public static final CallerIdPools NONE = new CallerIdPools(Map.of());

    public CallerIdPools {
        clients = Map.copyOf(clients);
    }

    public static CallerIdPools from(EnvironmentKeys keys) {
        return FILE.read(keys);
    }

    /** The pools of a file given other than by the key (a launcher option); an error names the key as start-up would. */
    public static CallerIdPools read(Path file) {
        return file == null ? NONE : from(new EnvironmentKeys(Map.of(FILE.name(), file.toString())::get));
    }

    public Optional<CallerIdPool> pool(String clientId, String name) {
        Map<String, CallerIdPool> pools = clients.get(clientId);
        return Optional.ofNullable(pools == null ? null : pools.get(name));
    }

    @Override
    public String toString() {
        return clients.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().values().stream()
                        .map(p -> p.name() + ":" + p.numbers().size()).collect(Collectors.joining("+")))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static CallerIdPools file(String path) {
        if (path == null) {
            return NONE;
        }
        try {
            return parse(Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Reads the file's JSON; an error names the entry ({@code acme/local[2].dailyCap}). */
    public static CallerIdPools parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object: client → pool name → list of numbers");
        }
        Map<String, Map<String, CallerIdPool>> clients = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> cs = root.fields(); cs.hasNext(); ) {
            Map.Entry<String, JsonNode> c = cs.next();
            String client = IdRule.require("clientId", c.getKey());
            if (!c.getValue().isObject()) {
                throw new IllegalArgumentException(client + ": must be an object of pools by name");
            }
            Map<String, CallerIdPool> pools = new LinkedHashMap<>();
            // a number's cap and day are the client's, whatever pool it is picked from
            Map<String, CallerNumber> sameNumber = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> ps = c.getValue().fields(); ps.hasNext(); ) {
                Map.Entry<String, JsonNode> p = ps.next();
                String where = client + "/" + p.getKey();
                IdRule.require("callerIdPool", p.getKey());
                List<CallerNumber> numbers = numbers(where, p.getValue());
                for (int i = 0; i < numbers.size(); i++) {
                    CallerNumber n = numbers.get(i);
                    CallerNumber seen = sameNumber.putIfAbsent(n.e164(), n);
                    if (seen != null && (!java.util.Objects.equals(seen.dailyCap(), n.dailyCap()) || !seen.zone().equals(n.zone()))) {
                        throw new IllegalArgumentException(where + "[" + i + "]: " + n.e164() + " is in another pool of " + client
                                + " with another dailyCap or timeZone: a number has one cap a day, whatever pool it is picked from");
                    }
                }
                pools.put(p.getKey(), new CallerIdPool(client, p.getKey(), numbers));
            }
            clients.put(client, Map.copyOf(pools));
        }
        return new CallerIdPools(clients);
    }

    private static List<CallerNumber> numbers(String where, JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(where + ": must be a non-empty list of numbers");
        }
        List<CallerNumber> numbers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + "[" + i + "]";
            CallerNumber number = number(at, list.get(i));
            if (!seen.add(number.e164())) {
                throw new IllegalArgumentException(at + ".number: " + number.e164() + " is in the pool twice");
            }
            numbers.add(number);
        }
        return numbers;
    }

    private static CallerNumber number(String at, JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(at + ": must be an object with a \"number\"");
        }
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(at + "." + f + ": unknown field (known: number, regions, dailyCap, timeZone)");
            }
        });
        String e164 = n.path("number").asText("");
        if (!E164.matcher(e164).matches()) {
            throw new IllegalArgumentException(at + ".number: '" + e164 + "' is not an E.164 number (+ and 7 to 15 digits)");
        }
        List<CallerRegion> regions = new ArrayList<>();
        JsonNode rs = n.path("regions");
        if (!rs.isMissingNode() && !rs.isNull()) {
            if (!rs.isArray()) {
                throw new IllegalArgumentException(at + ".regions: must be a list, e.g. [\"US:415\", \"CA\"]");
            }
            for (int r = 0; r < rs.size(); r++) {
                try {
                    regions.add(CallerRegion.parse(rs.get(r).asText("")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ".regions[" + r + "]: " + e.getMessage(), e);
                }
            }
        }
        Integer cap = null;
        JsonNode c = n.path("dailyCap");
        if (!c.isMissingNode() && !c.isNull()) {
            if (!c.isIntegralNumber() || c.asLong() < 0 || c.asLong() > MAX_DAILY_CAP) {
                throw new IllegalArgumentException(at + ".dailyCap: '" + c + "' is not a whole number 0.." + MAX_DAILY_CAP);
            }
            cap = c.asInt();
        }
        return new CallerNumber(e164, regions, cap, zone(at, e164, n.path("timeZone")));
    }

    private static ZoneId zone(String at, String e164, JsonNode given) {
        if (!given.isMissingNode() && !given.isNull()) {
            try {
                return ZoneId.of(given.asText());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(at + ".timeZone: '" + given.asText() + "' is not a time zone (e.g. America/New_York)", e);
            }
        }
        try {
            for (String id : ZONES.getTimeZonesForNumber(PHONES.parse(e164, null))) {
                try {
                    return ZoneId.of(id);
                } catch (DateTimeException e) {
                    // "Etc/Unknown": no zone for this prefix
                }
            }
        } catch (NumberParseException e) {
            // checked as E.164 above; a number libphonenumber cannot place counts its day in UTC
        }
        return ZoneOffset.UTC;
    }
}
