package com.dialer.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An answer: status, content type, body (none when empty) and any further headers.
 *
 * @param contentType null when there is no body
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Reply {
        body = body == null ? new byte[0] : body;
        headers = Map.copyOf(headers);
    }

    public static Reply of(int status, String contentType, byte[] body) {
        return new Reply(status, contentType, body, Map.of());
    }

    public static Reply of(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Plain UTF-8 text: reasons of a 4xx end with a line break, as curl users expect. */
    public static Reply text(int status, String body) {
        return of(status, TEXT, body);
    }

    /** {@code value} written by Jackson. */
    public static Reply json(int status, Object value) {
        try {
            return of(status, JSON, MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A status alone, no body (204, or a refusal whose status says it all). */
    public static Reply empty(int status) {
        return of(status, null, new byte[0]);
    }

    /** 405 with the methods the path takes, in {@code Allow} as RFC 9110 asks. */
    public static Reply methodNotAllowed(String allow, String reason) {
        return text(405, reason).withHeader("Allow", allow);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }
}
