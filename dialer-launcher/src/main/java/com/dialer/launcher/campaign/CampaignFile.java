package com.dialer.launcher.campaign;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallingWindow;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.Contact;
import com.dialer.avro.MachinePolicy;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;
import com.dialer.schemas.IdRule;
import com.dialer.schemas.ScheduleRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A campaign file for {@code ./dialer campaign submit}: JSON settings, with the contacts
 * inline ({@code "contacts": [...]}) or in a CSV file next to it ({@code "contactsCsv": "file.csv"},
 * header {@code contactId,phoneNumber[,timeZone][,defaultRegion]}, RFC 4180: a quoted cell may hold
 * commas, quotes and line breaks). An error names the field and the line; nothing is published from
 * a file with an error in it.
 *
 * <p>The CSV is streamed, never held: {@link #check()} reads every contact once and keeps none, then
 * {@link #forEachContact} reads them again as they are published, so a file of millions of contacts
 * is submitted in a few megabytes of heap.
 *
 * <pre>{@code
 * {"campaignId": "spring-sale", "clientId": "acme",
 *  "settings": {"callsPerMinute": 300, "weight": 1, "callerId": "+12015550100", "callerIdPool": null,
 *               "ringTimeoutSeconds": 30, "timeLimitSeconds": 600, "concurrencyCap": 10,
 *               "callingWindow": {"start": "09:00", "end": "20:00", "days": ["MONDAY", "TUESDAY"]},
 *               "startAt": "2026-12-01T14:00:00Z", "endAt": "2026-12-24T22:00:00Z",
 *               "retry": {"busy": {"delaySeconds": 300, "maxAttempts": 3}, "noAnswer": {...}, "failed": {...}, "machine": {...}},
 *               "answer": {"botStreamUrl": "wss://bot/stream", "greeting": "Hi", "machineDetection": true,
 *                          "machinePolicy": "HANGUP", "machineMessage": null, "warmupUrl": null}},
 *  "contactsCsv": "contacts.csv"}
 * }</pre>
 * {@code callerIdPool} names one of the client's caller-ID pools (the executor's {@code CALLER_ID_POOLS_FILE}); with
 * it, {@code callerId} may be left out: each call is made from the pool's number the executor picks.
 */
public final class CampaignFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSV_HEADER = "contactId,phoneNumber[,timeZone][,defaultRegion]";
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true).setTrim(true).get();

    private final String campaignId;
    private final String clientId;
    private final CampaignSettings settings;
    private final Path csv;
    private final JsonNode inlineContacts;

    private CampaignFile(String campaignId, String clientId, CampaignSettings settings, Path csv, JsonNode inlineContacts) {
        this.campaignId = campaignId;
        this.clientId = clientId;
        this.settings = settings;
        this.csv = csv;
        this.inlineContacts = inlineContacts;
    }

    /** The whole campaign in memory: for files of a size a test or a demo writes. */
    public static CampaignPlan read(Path file) throws IOException {
        CampaignFile campaign = open(file);
        List<Contact> contacts = new ArrayList<>();
        campaign.forEachContact(contacts::add);
        if (contacts.isEmpty()) {
            throw new IllegalArgumentException("contacts: the file names none (contacts or contactsCsv)");
        }
        return new CampaignPlan(campaign.campaignId, campaign.clientId, campaign.settings, contacts);
    }

    /** Reads the JSON part (settings, inline contacts) and notes where the CSV is; the CSV is read later. */
    public static CampaignFile open(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        String campaignId = text(root, "campaignId", true);
        JsonNode s = required(root, "settings");
        CampaignSettings.Builder settings = CampaignSettings.newBuilder()
                .setCallsPerMinute(integer(s, "settings.callsPerMinute", "callsPerMinute", null))
                .setPriority(integer(s, "settings.priority", "priority", 0))
                .setWeight(s.path("weight").asDouble(1.0))
                .setConcurrencyCap(s.hasNonNull("concurrencyCap") ? s.get("concurrencyCap").asInt() : null)
                .setCallerId(callerId(s))
                .setCallerIdPool(callerIdPool(s))
                .setRingTimeoutSeconds(integer(s, "settings.ringTimeoutSeconds", "ringTimeoutSeconds", 30))
                .setTimeLimitSeconds(integer(s, "settings.timeLimitSeconds", "timeLimitSeconds", 14_400))
                .setRetryPolicy(retry(s.path("retry")))
                .setAnswer(answer(s.path("answer")));
        if (s.hasNonNull("callingWindow")) {
            settings.setCallingWindow(window(s.get("callingWindow")));
        }
        settings.setStartAt(instant(s, "startAt")).setEndAt(instant(s, "endAt"));
        ScheduleRule.problem(settings.build()).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Path csv = root.hasNonNull("contactsCsv") ? file.toAbsolutePath().getParent().resolve(root.get("contactsCsv").asText()) : null;
        return new CampaignFile(campaignId, text(root, "clientId", true), settings.build(), csv, root.path("contacts"));
    }

    public String campaignId() {
        return campaignId;
    }

    public String clientId() {
        return clientId;
    }

    public CampaignSettings settings() {
        return settings;
    }

    /**
     * Reads every contact once, keeping none: the first error (a missing header column, a short row) is thrown
     * before anything is published. Returns how many contacts the file holds.
     */
    public long check() throws IOException {
        long[] count = {0};
        forEachContact(c -> count[0]++);
        if (count[0] == 0) {
            throw new IllegalArgumentException("contacts: the file names none (contacts or contactsCsv)");
        }
        return count[0];
    }

    /** Every contact in file order, the CSV's first, read as they are handed on: none is kept here. */
    public void forEachContact(Consumer<Contact> each) throws IOException {
        if (csv != null) {
            readCsv(each);
        }
        for (JsonNode c : inlineContacts) {
            Map<String, String> attributes = new HashMap<>();
            c.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            each.accept(contact(campaignId, text(c, "contactId", true), text(c, "phoneNumber", true),
                    text(c, "timeZone", false), text(c, "defaultRegion", false), attributes));
        }
    }

    private void readCsv(Consumer<Contact> each) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSV.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new IllegalArgumentException(csv + ": empty, expected a header " + CSV_HEADER);
            }
            int id = header.indexOf("contactId");
            int phone = header.indexOf("phoneNumber");
            if (id < 0 || phone < 0) {
                throw new IllegalArgumentException(csv + ": the header needs contactId and phoneNumber, was " + String.join(",", header));
            }
            int zone = header.indexOf("timeZone");
            int region = header.indexOf("defaultRegion");
            for (CSVRecord row : parser) {
                if (row.size() < header.size()) {
                    throw new IllegalArgumentException(csv + " line " + parser.getCurrentLineNumber() + ": " + row.size() + " cells, the header has "
                            + header.size());
                }
                each.accept(contact(campaignId, row.get(id), row.get(phone), zone < 0 ? null : blankToNull(row.get(zone)),
                        region < 0 ? null : blankToNull(row.get(region)), Map.of()));
            }
        } catch (UncheckedIOException e) {
            // commons-csv reports a malformed quote (an opening quote never closed) this way
            throw new IllegalArgumentException(csv + ": " + e.getCause().getMessage(), e);
        }
    }

    private static Contact contact(String campaignId, String id, String phone, String zone, String region,
                                   Map<String, String> attributes) {
        // numbers are validated by the scheduler: an invalid one ends as disposition INVALID, with its reason
        return Contact.newBuilder().setCampaignId(campaignId).setContactId(id).setPhoneNumber(phone).setTimeZone(zone)
                .setDefaultRegion(region).setAttributes(attributes).setCreatedAt(Instant.now()).build();
    }

    private static RetryPolicy retry(JsonNode r) {
        return RetryPolicy.newBuilder().setBusy(rule(r.path("busy"), "busy")).setNoAnswer(rule(r.path("noAnswer"), "noAnswer"))
                .setFailed(rule(r.path("failed"), "failed")).setMachine(rule(r.path("machine"), "machine")).build();
    }

    private static RetryRule rule(JsonNode r, String name) {
        return RetryRule.newBuilder()
                .setDelaySeconds(integer(r, "settings.retry." + name + ".delaySeconds", "delaySeconds", 300))
                .setMaxAttempts(integer(r, "settings.retry." + name + ".maxAttempts", "maxAttempts", 1)).build();
    }

    private static AnswerSettings answer(JsonNode a) {
        String policy = text(a, "machinePolicy", false);
        MachinePolicy machinePolicy;
        try {
            machinePolicy = policy == null ? MachinePolicy.HANGUP : MachinePolicy.valueOf(policy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("settings.answer.machinePolicy: one of HANGUP, LEAVE_MESSAGE, CONNECT_BOT, was " + policy);
        }
        return AnswerSettings.newBuilder().setBotStreamUrl(text(a, "botStreamUrl", false)).setGreeting(text(a, "greeting", false))
                .setWarmupUrl(text(a, "warmupUrl", false)).setMachineDetection(a.path("machineDetection").asBoolean(false))
                .setMachinePolicy(machinePolicy).setMachineMessage(text(a, "machineMessage", false)).build();
    }

    private static CallingWindow window(JsonNode w) {
        List<String> days = new ArrayList<>();
        w.path("days").forEach(d -> days.add(d.asText().toUpperCase(Locale.ROOT)));
        return CallingWindow.newBuilder().setStart(time(w, "start")).setEnd(time(w, "end")).setDays(days).build();
    }

    private static LocalTime time(JsonNode w, String field) {
        String v = text(w, field, true);
        try {
            return LocalTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("settings.callingWindow." + field + ": not a time like 09:00, was " + v);
        }
    }

    /** An ISO-8601 instant with its offset ({@code 2026-12-01T09:00:00-05:00} or {@code ...Z}), or null when absent. */
    private static Instant instant(JsonNode settings, String field) {
        String v = text(settings, field, false);
        if (v == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("settings." + field + ": not an instant like 2026-12-01T09:00:00Z, was " + v);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + ": required");
        }
        return v;
    }

    /** One number, or none when the campaign calls from a pool. */
    private static String callerId(JsonNode s) {
        String single = text(s, "callerId", false);
        if (single == null && text(s, "callerIdPool", false) == null) {
            throw new IllegalArgumentException("settings.callerId: required (or settings.callerIdPool, a caller-ID pool of the client)");
        }
        return single == null ? "" : single;
    }

    private static String callerIdPool(JsonNode s) {
        String pool = text(s, "callerIdPool", false);
        try {
            return pool == null ? null : IdRule.require("callerIdPool", pool);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("settings." + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                throw new IllegalArgumentException(field + ": required");
            }
            return null;
        }
        return v.asText().trim();
    }

    private static int integer(JsonNode node, String path, String field, Integer fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException(path + ": required");
            }
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(path + ": not a whole number: " + v);
        }
        return v.asInt();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
