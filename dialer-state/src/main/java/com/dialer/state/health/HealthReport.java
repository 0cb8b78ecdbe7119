package com.dialer.state.health;

import java.util.LinkedHashMap;
import java.util.Map;

import com.dialer.state.health.HealthCheck.CheckResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The answer of {@code /health/live} or {@code /health/ready}: up only when every check is. */
public record HealthReport(boolean up, Map<String, CheckResult> checks) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public HealthReport {
        checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    static HealthReport of(Map<String, CheckResult> checks) {
        return new HealthReport(checks.values().stream().allMatch(CheckResult::up), checks);
    }

    /** 200 when up, 503 when not: what an orchestrator's probe reads. */
    public int httpStatus() {
        return up ? 200 : 503;
    }

    /** {@code {"status":"UP","checks":{"redis":{"status":"UP","detail":"PONG"},...}}} */
    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        Map<String, Object> each = new LinkedHashMap<>();
        checks.forEach((name, result) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", result.up() ? "UP" : "DOWN");
            one.put("detail", result.detail());
            each.put(name, one);
        });
        body.put("checks", each);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
