package com.dialer.launcher.campaign;

import java.io.IOException;
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

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallingWindow;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.Contact;
import com.dialer.avro.MachinePolicy;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a campaign file for {@code ./dialer campaign submit}: JSON settings, with the contacts
 * inline ({@code "contacts": [...]}) or in a CSV file next to it ({@code "contactsCsv": "file.csv"},
 * header {@code contactId,phoneNumber[,timeZone][,defaultRegion]}). An error names the field and
 * the line; nothing is published from a file with an error in it.
 *
 * <pre>{@code
 * {"campaignId": "spring-sale", "clientId": "acme",
 *  "settings": {"callsPerMinute": 300, "weight": 1, "callerId": "+12015550100",
 *               "ringTimeoutSeconds": 30, "timeLimitSeconds": 600, "concurrencyCap": 10,
 *               "callingWindow": {"start": "09:00", "end": "20:00", "days": ["MONDAY", "TUESDAY"]},
 *               "retry": {"busy": {"delaySeconds": 300, "maxAttempts": 3}, "noAnswer": {...}, "failed": {...}, "machine": {...}},
 *               "answer": {"botStreamUrl": "wss://bot/stream", "greeting": "Hi", "machineDetection": true,
 *                          "machinePolicy": "HANGUP", "machineMessage": null, "warmupUrl": null}},
 *  "contactsCsv": "contacts.csv"}
 * }</pre>
 */
public final class CampaignFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CampaignFile() {
    }

    public static CampaignPlan read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        String campaignId = text(root, "campaignId", true);
        JsonNode s = required(root, "settings");
        CampaignSettings.Builder settings = CampaignSettings.newBuilder()
                .setCallsPerMinute(integer(s, "settings.callsPerMinute", "callsPerMinute", null))
                .setPriority(integer(s, "settings.priority", "priority", 0))
                .setWeight(s.path("weight").asDouble(1.0))
                .setConcurrencyCap(s.hasNonNull("concurrencyCap") ? s.get("concurrencyCap").asInt() : null)
                .setCallerId(text(s, "callerId", true))
                .setRingTimeoutSeconds(integer(s, "settings.ringTimeoutSeconds", "ringTimeoutSeconds", 30))
                .setTimeLimitSeconds(integer(s, "settings.timeLimitSeconds", "timeLimitSeconds", 14_400))
                .setRetryPolicy(retry(s.path("retry")))
                .setAnswer(answer(s.path("answer")));
        if (s.hasNonNull("callingWindow")) {
            settings.setCallingWindow(window(s.get("callingWindow")));
        }
        List<Contact> contacts = new ArrayList<>();
        if (root.hasNonNull("contactsCsv")) {
            Path csv = file.toAbsolutePath().getParent().resolve(root.get("contactsCsv").asText());
            contacts.addAll(csv(csv, campaignId));
        }
        for (JsonNode c : root.path("contacts")) {
            Map<String, String> attributes = new HashMap<>();
            c.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            contacts.add(contact(campaignId, text(c, "contactId", true), text(c, "phoneNumber", true),
                    text(c, "timeZone", false), text(c, "defaultRegion", false), attributes));
        }
        if (contacts.isEmpty()) {
            throw new IllegalArgumentException("contacts: the file names none (contacts or contactsCsv)");
        }
        return new CampaignPlan(campaignId, text(root, "clientId", true), settings.build(), contacts);
    }

    private static List<Contact> csv(Path csv, String campaignId) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty, expected a header contactId,phoneNumber[,timeZone][,defaultRegion]");
        }
        List<String> header = List.of(lines.getFirst().trim().split("\\s*,\\s*"));
        int id = header.indexOf("contactId");
        int phone = header.indexOf("phoneNumber");
        if (id < 0 || phone < 0) {
            throw new IllegalArgumentException(csv + ": the header needs contactId and phoneNumber, was " + lines.getFirst());
        }
        int zone = header.indexOf("timeZone");
        int region = header.indexOf("defaultRegion");
        List<Contact> contacts = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] cells = lines.get(n).split("\\s*,\\s*", -1);
            if (cells.length < header.size()) {
                throw new IllegalArgumentException(csv + " line " + (n + 1) + ": " + cells.length + " cells, the header has " + header.size());
            }
            contacts.add(contact(campaignId, cells[id].trim(), cells[phone].trim(), zone < 0 ? null : blankToNull(cells[zone]),
                    region < 0 ? null : blankToNull(cells[region]), Map.of()));
        }
        return contacts;
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

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + ": required");
        }
        return v;
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
