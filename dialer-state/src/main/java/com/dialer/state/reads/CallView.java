package com.dialer.state.reads;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

/**
 * One call attempt as every read path returns it, whichever tier answered. Field names are the
 * CallRecord Avro field names (plus {@code state}, the live state; for an archived call its final
 * status). Redis hashes hold every value as a string, times as epoch millis; MongoDB documents hold
 * times as BSON dates; both decode to this record.
 */
public record CallView(String attemptId, String campaignId, String clientId, String contactId, String phoneNumber,
        Integer attemptNumber, String callerId, String state, String disposition, String finalStatus,
        String plivoRequestUuid, String plivoCallUuid, String hangupCause, Integer hangupCauseCode,
        Boolean machineDetected, Instant reservedAt, Instant dialedAt, Instant ringingAt, Instant answeredAt,
        Instant endedAt, Integer durationSeconds, Integer billDurationSeconds, String reason) {

    public static CallView fromHash(String attemptId, Map<String, String> h) {
        return new CallView(
                h.getOrDefault("attemptId", attemptId), h.get("campaignId"), h.get("clientId"), h.get("contactId"),
                h.get("phoneNumber"), integer(h.get("attemptNumber")), h.get("callerId"),
                h.getOrDefault("state", h.get("finalStatus")), h.get("disposition"), h.get("finalStatus"),
                h.get("plivoRequestUuid"), h.get("plivoCallUuid"), h.get("hangupCause"),
                integer(h.get("hangupCauseCode")), h.containsKey("machineDetected")
                        ? Boolean.valueOf(h.get("machineDetected")) : null,
                millis(h.get("reservedAt")), millis(h.get("dialedAt")), millis(h.get("ringingAt")),
                millis(h.get("answeredAt")), millis(h.get("endedAt")), integer(h.get("durationSeconds")),
                integer(h.get("billDurationSeconds")), h.get("reason"));
    }

    public static CallView fromDocument(Document d) {
        return new CallView(
                d.getString("attemptId"), d.getString("campaignId"), d.getString("clientId"), d.getString("contactId"),
                d.getString("phoneNumber"), d.getInteger("attemptNumber"), d.getString("callerId"),
                d.getString("finalStatus"), d.getString("disposition"), d.getString("finalStatus"),
                d.getString("plivoRequestUuid"), d.getString("plivoCallUuid"), d.getString("hangupCause"),
                d.getInteger("hangupCauseCode"), d.getBoolean("machineDetected"),
                instant(d.getDate("reservedAt")), instant(d.getDate("dialedAt")), instant(d.getDate("ringingAt")),
                instant(d.getDate("answeredAt")), instant(d.getDate("endedAt")), d.getInteger("durationSeconds"),
                d.getInteger("billDurationSeconds"), d.getString("reason"));
    }

    /** The Redis hash encoding (the status-processor's layout): absent values are absent fields. */
    public Map<String, String> toHash() {
        Map<String, String> h = new LinkedHashMap<>();
        toMap().forEach((field, value) -> {
            if (value != null) {
                h.put(field, value instanceof Instant t ? Long.toString(t.toEpochMilli()) : value.toString());
            }
        });
        return h;
    }

    /** Field name → value (times as {@link Instant}), in declaration order, nulls included. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attemptId", attemptId);
        m.put("campaignId", campaignId);
        m.put("clientId", clientId);
        m.put("contactId", contactId);
        m.put("phoneNumber", phoneNumber);
        m.put("attemptNumber", attemptNumber);
        m.put("callerId", callerId);
        m.put("state", state);
        m.put("disposition", disposition);
        m.put("finalStatus", finalStatus);
        m.put("plivoRequestUuid", plivoRequestUuid);
        m.put("plivoCallUuid", plivoCallUuid);
        m.put("hangupCause", hangupCause);
        m.put("hangupCauseCode", hangupCauseCode);
        m.put("machineDetected", machineDetected);
        m.put("reservedAt", reservedAt);
        m.put("dialedAt", dialedAt);
        m.put("ringingAt", ringingAt);
        m.put("answeredAt", answeredAt);
        m.put("endedAt", endedAt);
        m.put("durationSeconds", durationSeconds);
        m.put("billDurationSeconds", billDurationSeconds);
        m.put("reason", reason);
        return m;
    }

    /** The newest time the call has: when it ended, else its latest live step; orders recent calls. */
    public Instant latestTime() {
        for (Instant t : new Instant[] {endedAt, answeredAt, ringingAt, dialedAt, reservedAt}) {
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static Integer integer(String s) {
        return s == null || s.isEmpty() ? null : Integer.valueOf(s);
    }

    private static Instant millis(String s) {
        return s == null || s.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(s));
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
