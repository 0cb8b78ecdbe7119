package com.dialer.state.limits;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.dialer.schemas.IdRule;

/**
 * {@code CLIENT_LIMITS}: each client's concurrency cap and, optionally, its own rate, as configured
 * ({@code acme=10,beta=5/120} = {@code <clientId>=<cap>[/<callsPerMinute>]}). Redis'
 * {@code limits:{client}} holds the live values (an operator changes them there); these are what a
 * client falls back to when Redis has none — after Redis lost its data too, so that a configured cap
 * never silently becomes the default one.
 */
public record ConfiguredClientLimits(Map<String, Limit> byClient) {

    /** One client's configured limits; {@code callsPerMinute} null when it has no rate of its own. */
    public record Limit(int cap, Integer callsPerMinute) {
    }

    public static final ConfiguredClientLimits NONE = new ConfiguredClientLimits(Map.of());

    public ConfiguredClientLimits {
        byClient = Collections.unmodifiableMap(new LinkedHashMap<>(byClient));
    }

    /** Parses the value of {@code CLIENT_LIMITS}; blank or null is none. An error names the key and the bad entry. */
    public static ConfiguredClientLimits parse(String raw) {
        Map<String, Limit> limits = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return new ConfiguredClientLimits(limits);
        }
        for (String entry : raw.split(",")) {
            String[] idAndLimit = entry.trim().split("=", 2);
            String[] capAndRate = idAndLimit.length == 2 ? idAndLimit[1].split("/", 2) : new String[0];
            try {
                if (!IdRule.valid(idAndLimit[0].trim()) || capAndRate.length == 0) {
                    throw new NumberFormatException();
                }
                Integer cap = CapValue.parse(capAndRate[0].trim());
                Integer rate = capAndRate.length == 2 ? Integer.valueOf(capAndRate[1].trim()) : null;
                if (cap == null || (rate != null && rate < 1) || limits.containsKey(idAndLimit[0].trim())) {
                    throw new NumberFormatException();
                }
                limits.put(idAndLimit[0].trim(), new Limit(cap, rate));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("CLIENT_LIMITS entry '" + entry.trim()
                        + "' must be <clientId>=<cap>[/<callsPerMinute>]: an id of " + IdRule.DESCRIPTION + ", a cap "
                        + CapValue.BOUNDS + ", a rate >= 1, once per client", e);
            }
        }
        return new ConfiguredClientLimits(limits);
    }

    /** The configuration value that gives these limits back ({@code acme=10,beta=5/120}). */
    public String format() {
        StringBuilder out = new StringBuilder();
        byClient.forEach((client, limit) -> out.append(out.isEmpty() ? "" : ",").append(client).append('=').append(limit.cap())
                .append(limit.callsPerMinute() == null ? "" : "/" + limit.callsPerMinute()));
        return out.toString();
    }

    /** The client's configured cap, else {@code fallback}. */
    public int capOf(String clientId, int fallback) {
        Limit limit = byClient.get(clientId);
        return limit == null ? fallback : limit.cap();
    }
}
