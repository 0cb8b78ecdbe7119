package com.dialer.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.IdRule;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Each client's holidays: local dates on which none of its contacts is called, read in the contact's own
 * zones ({@link CallingWindows}). A holiday may be limited to one region, the ISO country of the contact's
 * number (Independence Day for US numbers only).
 *
 * @param clients per client, its holidays
 */
public record HolidayCalendar(Map<String, List<Holiday>> clients) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String SYNTAX = "client=yyyy-MM-dd[@REGION],...;... e.g. acme=2026-12-25,2026-07-04@US";

    public static final ConfigKey<Map<String, List<Holiday>>> CLIENTS = ConfigKey.parsed("CLIENT_HOLIDAYS", SYNTAX,
            "each client's holidays (dates in the contact's time zone, optionally for numbers of one country only)",
            raw -> raw == null ? Map.of() : entries(List.of(raw.split(";"))));
    public static final ConfigKey<Map<String, List<Holiday>>> FILE = ConfigKey.parsed("HOLIDAY_CALENDAR_FILE",
            "path of a file with one " + SYNTAX + " entry a line (# starts a comment)",
            "more holidays, added to CLIENT_HOLIDAYS", HolidayCalendar::file);

    /** One holiday: a local date, for every contact or, when {@code region} is set, for numbers of that country. */
    public record Holiday(LocalDate date, String region) {
        @Override
        public String toString() {
            return region == null ? date.toString() : date + "@" + region;
        }
    }

    public HolidayCalendar {
        clients = Map.copyOf(clients);
    }

    public static HolidayCalendar from(EnvironmentKeys keys) {
        Map<String, List<Holiday>> all = new LinkedHashMap<>();
        CLIENTS.read(keys).forEach((client, days) -> all.computeIfAbsent(client, c -> new ArrayList<>()).addAll(days));
        FILE.read(keys).forEach((client, days) -> all.computeIfAbsent(client, c -> new ArrayList<>()).addAll(days));
        all.replaceAll((client, days) -> List.copyOf(days));
        return new HolidayCalendar(all);
    }

    /** The dates on which {@code clientId} may not call the E.164 number {@code phoneNumber}. */
    Set<LocalDate> datesFor(String clientId, String phoneNumber) {
        List<Holiday> holidays = clientId == null ? null : clients.get(clientId);
        if (holidays == null) {
            return Set.of();
        }
        String region = null;
        Set<LocalDate> dates = new TreeSet<>();
        for (Holiday holiday : holidays) {
            if (holiday.region() != null && region == null) {
                region = regionOf(phoneNumber);
            }
            if (holiday.region() == null || holiday.region().equals(region)) {
                dates.add(holiday.date());
            }
        }
        return dates;
    }

    private static String regionOf(String phoneNumber) {
        try {
            String region = PHONES.getRegionCodeForNumber(PHONES.parse(phoneNumber, null));
            return region == null ? "" : region;
        } catch (NumberParseException e) {
            // pending numbers are E.164 checked at intake; "" matches no regional holiday
            return "";
        }
    }

    @Override
    public String toString() {
        return clients.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size() + " days")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static Map<String, List<Holiday>> file(String path) {
        if (path == null) {
            return Map.of();
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(path)).stream()
                    .map(line -> line.contains("#") ? line.substring(0, line.indexOf('#')) : line).toList();
            return entries(lines);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read '" + path + "': " + e.getMessage(), e);
        }
    }

    private static Map<String, List<Holiday>> entries(List<String> entries) {
        Map<String, List<Holiday>> clients = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + entry.strip() + "' is not " + SYNTAX);
            }
            String client = IdRule.require("clientId", entry.substring(0, eq).strip());
            List<Holiday> days = clients.computeIfAbsent(client, c -> new ArrayList<>());
            for (String day : entry.substring(eq + 1).split(",")) {
                if (!day.isBlank()) {
                    days.add(holiday(day.strip()));
                }
            }
        }
        return clients;
    }

    private static Holiday holiday(String raw) {
        int at = raw.indexOf('@');
        String date = at < 0 ? raw : raw.substring(0, at).strip();
        String region = at < 0 ? null : raw.substring(at + 1).strip().toUpperCase(Locale.ROOT);
        if (region != null && !PHONES.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("'" + raw + "': '" + region + "' is not a region code libphonenumber knows (e.g. US, GB)");
        }
        try {
            return new Holiday(LocalDate.parse(date), region);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a date yyyy-MM-dd[@REGION]");
        }
    }
}
