package com.dialer.plivosim;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One call the API accepted: what the caller asked for and where it is in its life. */
final class SimulatedCall {
    enum Phase { QUEUED, RINGING, IN_PROGRESS, ENDED }

    final String requestUuid;
    final String callUuid;
    final String from;
    final String to;
    final String callerName;
    final String answerUrl;
    final String answerMethod;
    final String ringUrl;
    final String ringMethod;
    final String hangupUrl;
    final String hangupMethod;
    final String machineDetection;
    final String machineDetectionUrl;
    final String machineDetectionMethod;
    final long timeLimitSeconds;
    final long ringTimeoutSeconds;
    final String attemptId;
    final String client;
    final String campaign;
    /** The account that placed it: its token signs the callbacks, only it sees the call */
    final SimAccount account;

    volatile Phase phase = Phase.QUEUED;
    volatile Thread player;
    volatile boolean cancelled;
    volatile Instant startTime;
    volatile Instant answerTime;

    SimulatedCall(String requestUuid, String callUuid, Map<String, Object> body, SimAccount account) {
        this.account = account;
        this.requestUuid = requestUuid;
        this.callUuid = callUuid;
        this.from = text(body, "from");
        this.to = text(body, "to");
        this.callerName = text(body, "caller_name");
        this.answerUrl = text(body, "answer_url");
        this.answerMethod = orDefault(text(body, "answer_method"), "POST");
        this.ringUrl = text(body, "ring_url");
        this.ringMethod = orDefault(text(body, "ring_method"), "POST");
        this.hangupUrl = text(body, "hangup_url");
        this.hangupMethod = orDefault(text(body, "hangup_method"), "POST");
        this.machineDetection = text(body, "machine_detection");
        this.machineDetectionUrl = text(body, "machine_detection_url");
        this.machineDetectionMethod = orDefault(text(body, "machine_detection_method"), "POST");
        this.timeLimitSeconds = number(body, "time_limit", 14_400);
        this.ringTimeoutSeconds = number(body, "ring_timeout", 60);
        Map<String, String> tags = new HashMap<>();
        for (String url : new String[] {answerUrl, hangupUrl, ringUrl}) {
            tags.putAll(queryOf(url));
        }
        this.attemptId = tags.get("attemptId");
        this.client = tags.get("client");
        this.campaign = tags.get("campaign");
    }

    /** The parameters every callback of this call carries. */
    Map<String, String> baseParams(String callStatus, String event) {
        Map<String, String> p = new HashMap<>();
        p.put("From", from);
        p.put("To", to);
        p.put("CallUUID", callUuid);
        p.put("RequestUUID", requestUuid);
        p.put("ALegUUID", callUuid);
        p.put("ALegRequestUUID", requestUuid);
        p.put("Direction", "outbound");
        p.put("CallStatus", callStatus);
        p.put("Event", event);
        if (callerName != null) {
            p.put("CallerName", callerName);
        }
        return p;
    }

    static String text(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v instanceof java.util.List<?> list) {
            // plivo-java sends "to" as a list; a single number is all the simulator places
            return list.isEmpty() ? null : String.valueOf(list.get(0));
        }
        return v == null ? null : String.valueOf(v);
    }

    private static long number(Map<String, Object> body, String key, long fallback) {
        Object v = body.get(key);
        if (v == null) {
            return fallback;
        }
        return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v).trim());
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static Map<String, String> queryOf(String url) {
        Map<String, String> params = new HashMap<>();
        if (url == null) {
            return params;
        }
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
