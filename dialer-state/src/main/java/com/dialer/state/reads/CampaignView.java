package com.dialer.state.reads;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

/**
 * A campaign's stats as every read path returns them. {@code counters} always holds the live
 * counter names of the status-processor's stats hash; an archived campaign fills them from its
 * summary (dispositions by name, no call in flight). {@code status} and the times come from the
 * scheduler's summaries: null until the first one was archived, and so does {@code waiting}: the contacts
 * not yet called by what they wait for (a calling window, a holiday, the campaign's start, a retry delay, a
 * recipient rule, a free slot, the rate limit), with when the next calling window opens and in which zone.
 */
public record CampaignView(String campaignId, String clientId, String status, Map<String, Long> counters,
        Instant createdAt, Instant updatedAt, Instant completedAt, Map<String, Long> waiting, Instant nextWindowOpensAt,
        String nextWindowZone) {

    /** The status-processor's counter names, in the order the API shows them. */
    public static final List<String> COUNTERS = List.of("dialing", "ringing", "inProgress", "answered", "busy",
            "noAnswer", "failed", "machine", "timeout", "cancelled", "finished", "attempts");

    private static final Map<String, String> COUNTER_BY_DISPOSITION = Map.of(
            "ANSWERED", "answered", "BUSY", "busy", "NO_ANSWER", "noAnswer", "FAILED", "failed",
            "MACHINE", "machine", "TIMEOUT", "timeout", "CANCELLED", "cancelled");

    public CampaignView {
        counters = Map.copyOf(counters);
        waiting = waiting == null ? Map.of() : Map.copyOf(waiting);
    }

    /** From the live stats hash; a missing counter is 0. */
    public static CampaignView fromStats(String campaignId, String clientId, Map<String, String> h) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String name : COUNTERS) {
            counters.put(name, parseLong(h.get(name)));
        }
        return new CampaignView(campaignId, h.getOrDefault("clientId", clientId), h.get("status"), counters,
                millis(h.get("createdAt")), millis(h.get("updatedAt")), millis(h.get("completedAt")), Map.of(), null, null);
    }

    /** These counters with the status and times of an archived summary (the live hash has none of its own). */
    public CampaignView withLifecycleOf(Document summary) {
        return new CampaignView(campaignId, clientId, summary.getString("status"), counters,
                instant(summary.getDate("createdAt")), instant(summary.getDate("updatedAt")), instant(summary.getDate("completedAt")),
                waiting(summary), instant(summary.getDate("nextWindowOpensAt")), summary.getString("nextWindowZone"));
    }

    /** Whether the campaign has ended: COMPLETED (every contact final) or CANCELLED. */
    public boolean ended() {
        return "COMPLETED".equals(status) || "CANCELLED".equals(status);
    }

    /** From an archived CampaignSummary document. */
    public static CampaignView fromDocument(Document d) {
        Map<String, Long> counters = new LinkedHashMap<>();
        COUNTERS.forEach(name -> counters.put(name, 0L));
        long finished = 0;
        Document dispositions = d.get("dispositions", Document.class);
        if (dispositions != null) {
            for (Map.Entry<String, Object> e : dispositions.entrySet()) {
                long count = ((Number) e.getValue()).longValue();
                finished += count;
                String counter = COUNTER_BY_DISPOSITION.get(e.getKey());
                if (counter != null) {
                    counters.put(counter, count);
                }
            }
        }
        counters.put("finished", finished);
        counters.put("attempts", ((Number) d.get("attempts", 0L)).longValue());
        return new CampaignView(d.getString("campaignId"), d.getString("clientId"), d.getString("status"), counters,
                instant(d.getDate("createdAt")), instant(d.getDate("updatedAt")), instant(d.getDate("completedAt")),
                waiting(d), instant(d.getDate("nextWindowOpensAt")), d.getString("nextWindowZone"));
    }

    /** The hash encoding of a read-back copy: the counters plus the summary's own fields (not what an ended campaign waited for). */
    public Map<String, String> toHash() {
        Map<String, String> h = new LinkedHashMap<>();
        toMap().forEach((field, value) -> {
            if (field.equals("waiting")) {
                return;
            }
            if (value instanceof Map<?, ?> m) {
                m.forEach((k, v) -> h.put(k.toString(), v.toString()));
            } else if (value != null) {
                h.put(field, value instanceof Instant t ? Long.toString(t.toEpochMilli()) : value.toString());
            }
        });
        return h;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("campaignId", campaignId);
        m.put("clientId", clientId);
        m.put("status", status);
        Map<String, Long> ordered = new LinkedHashMap<>();
        COUNTERS.forEach(name -> ordered.put(name, counters.getOrDefault(name, 0L)));
        m.put("counters", ordered);
        m.put("createdAt", createdAt);
        m.put("updatedAt", updatedAt);
        m.put("completedAt", completedAt);
        m.put("waiting", new java.util.TreeMap<>(waiting));
        m.put("nextWindowOpensAt", nextWindowOpensAt);
        m.put("nextWindowZone", nextWindowZone);
        return m;
    }

    private static Map<String, Long> waiting(Document summary) {
        Document waiting = summary.get("waiting", Document.class);
        Map<String, Long> byReason = new LinkedHashMap<>();
        if (waiting != null) {
            waiting.forEach((reason, count) -> byReason.put(reason, ((Number) count).longValue()));
        }
        return byReason;
    }

    private static long parseLong(String s) {
        return s == null || s.isEmpty() ? 0L : Long.parseLong(s);
    }

    private static Instant millis(String s) {
        return s == null || s.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(s));
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
