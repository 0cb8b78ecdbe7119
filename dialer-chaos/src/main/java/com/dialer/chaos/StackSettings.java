package com.dialer.chaos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.dialer.plivosim.SimConfig;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.reads.api.ApiTokens;

/**
 * How the {@link ProcessStack} runs the pipeline.
 *
 * @param partitions     partitions per topic
 * @param callsPerMinute the global limit (MAX_CALLS_PER_MINUTE)
 * @param rateBurst      the limiter's burst (RATE_LIMIT_BURST)
 * @param defaultCap     DEFAULT_CLIENT_CAP, above every client's own cap: a client whose cap is forgotten shows at the witness
 * @param clientCaps     each client's cap, configured as production does it: CLIENT_LIMITS
 * @param leaseMargin    what the executor adds to ring timeout + time limit for a call's slot lease, and the reaper's
 *                       grace (EXECUTOR_LEASE_MARGIN_MS, REAPER_GRACE_SECONDS): short, so lost callbacks settle soon
 * @param sim            the Plivo simulator
 * @param apiTokens      the query API's bearer tokens (token → client)
 */
public record StackSettings(int partitions, int callsPerMinute, int rateBurst, int defaultCap, Map<String, Integer> clientCaps,
                            Duration leaseMargin, SimConfig sim, Map<String, String> apiTokens) {

    public StackSettings {
        clientCaps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clientCaps));
        apiTokens = Map.copyOf(apiTokens);
        for (var cap : clientCaps.entrySet()) {
            if (cap.getValue() >= defaultCap) {
                throw new IllegalArgumentException("cap of " + cap.getKey() + " must be below the default cap " + defaultCap
                        + ", or a forgotten cap would not show");
            }
        }
    }

    /** The limits every service is configured with, through the one catalogue of their keys. */
    public Limits limits() {
        Map<String, ConfiguredClientLimits.Limit> clients = new LinkedHashMap<>();
        clientCaps.forEach((client, cap) -> clients.put(client, new ConfiguredClientLimits.Limit(cap, null)));
        return new Limits(RateLimit.perMinute(callsPerMinute, rateBurst), defaultCap, new ConfiguredClientLimits(clients));
    }

    /** QUERY_API_TOKENS: {@code sha256(token)=client,...}; the tokens themselves stay with the test. */
    public String queryApiTokens() {
        return apiTokens.entrySet().stream().map(e -> ApiTokens.hash(e.getKey()) + "=" + e.getValue()).sorted()
                .collect(Collectors.joining(","));
    }

    public StackSettings withSim(SimConfig newSim) {
        return new StackSettings(partitions, callsPerMinute, rateBurst, defaultCap, clientCaps, leaseMargin, newSim, apiTokens);
    }
}
