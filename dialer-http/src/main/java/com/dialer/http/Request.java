package com.dialer.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.util.UrlEncoded;

/** What a {@link Route} sees of a request: method, path, query, headers, and a body no larger than the server's limit. */
public final class Request {
    /** How much of a refused, oversized body is read so that its client still gets the answer. */
    static final long SWALLOW_BYTES = 4L << 20;

    private final org.eclipse.jetty.server.Request request;
    private final int maxBodyBytes;

    Request(org.eclipse.jetty.server.Request request, int maxBodyBytes) {
        this.request = request;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Upper case, as sent: GET, POST, ... */
    public String method() {
        return request.getMethod().toUpperCase(Locale.ROOT);
    }

    /** The path, percent escapes decoded. */
    public String path() {
        return request.getHttpURI().getDecodedPath();
    }

    /** The path as sent, escapes kept (what a signature covers). */
    public String rawPath() {
        return request.getHttpURI().getPath();
    }

    /** The query as sent, without its '?', or null. */
    public String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    /**
     * The query's parameters, decoded as UTF-8 (Jetty's {@code UrlEncoded}); the first value of a name given twice.
     *
     * @throws IllegalArgumentException for a bad {@code %} escape or bytes that are not UTF-8: the client's mistake, a 400
     */
    public Map<String, String> queryParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = rawQuery();
        if (query != null) {
            UrlEncoded.decodeUtf8To(query, 0, query.length(), parameters::putIfAbsent);
        }
        return parameters;
    }

    /** The path and query as sent. */
    public String rawPathAndQuery() {
        HttpURI uri = request.getHttpURI();
        return uri.getQuery() == null ? uri.getPath() : uri.getPath() + "?" + uri.getQuery();
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /**
     * The whole body, read once.
     *
     * @throws BodyTooLarge over the server's limit: declared so by Content-Length, or found so while
     *                      reading (nothing past the limit is kept)
     */
    public byte[] body() throws IOException, BodyTooLarge {
        InputStream in = org.eclipse.jetty.server.Request.asInputStream(request);
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            if (declared <= SWALLOW_BYTES) {
                swallow(in);
            }
            throw new BodyTooLarge("body of " + declared + " bytes, over the limit of " + maxBodyBytes);
        }
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            swallow(in);
            throw new BodyTooLarge("body over the limit of " + maxBodyBytes + " bytes");
        }
        return bytes;
    }

    /**
     * Reads and drops up to {@link #SWALLOW_BYTES} of a refused body before the answer goes out. A
     * server that answers and closes while the client is still sending makes the kernel reset the
     * connection, and the client loses the answer with it. A body declared larger than the bound is
     * not read at all (its connection is closed anyway); Tomcat's maxSwallowSize does the same.
     */
    private static void swallow(InputStream body) throws IOException {
        long left = SWALLOW_BYTES;
        byte[] sink = new byte[8192];
        int n;
        while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= n;
        }
    }
}
