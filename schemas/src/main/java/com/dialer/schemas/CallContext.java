package com.dialer.schemas;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.MDC;

/**
 * The ids of the call a thread works on, in the logging MDC ({@code attemptId}, {@code campaignId},
 * {@code clientId}), so that every log line about it carries them (the services' logback.xml prints
 * the MDC; LOG_FORMAT=json writes it as an object). The MDC belongs to the thread: a context is opened
 * and closed around the work on one thread, and closing puts back what was there before, so neither a
 * pooled thread nor a nested context keeps another call's ids.
 *
 * <pre>{@code try (CallContext call = CallContext.of(attemptId, campaignId, clientId)) { ... } }</pre>
 */
public final class CallContext implements AutoCloseable {
    public static final String ATTEMPT_ID = "attemptId";
    public static final String CAMPAIGN_ID = "campaignId";
    public static final String CLIENT_ID = "clientId";
    private static final String[] KEYS = {ATTEMPT_ID, CAMPAIGN_ID, CLIENT_ID};

    private final Map<String, String> before = new HashMap<>();

    private CallContext() {
        for (String key : KEYS) {
            before.put(key, MDC.get(key));
        }
    }

    /** Opens a context with the call's ids (a null id is left out). */
    public static CallContext of(String attemptId, String campaignId, String clientId) {
        CallContext context = new CallContext();
        put(attemptId, campaignId, clientId);
        return context;
    }

    /** Opens a context with no ids yet: {@link #put} fills it once the call is known, closing clears it. */
    public static CallContext open() {
        return new CallContext();
    }

    /** Sets the call's ids in the open context of this thread (a null id removes the key). */
    public static void put(String attemptId, String campaignId, String clientId) {
        set(ATTEMPT_ID, attemptId);
        set(CAMPAIGN_ID, campaignId);
        set(CLIENT_ID, clientId);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Puts back the ids the thread had before. */
    @Override
    public void close() {
        before.forEach(CallContext::set);
    }
}
