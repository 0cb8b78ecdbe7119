package com.dialer.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallEvent;
import com.dialer.bridge.BridgeMetrics.Result;
import com.dialer.bridge.CallbackSignature.Verdict;
import com.dialer.schemas.Masked;
import com.dialer.state.callbacks.CallbackGuard;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Timer;

/**
 * {@code /plivo/{ring,answer,hangup,machine}}, GET or form POST: reads the callback, checks its V3
 * signature against the public URL Plivo called, stores its call event and waits for Kafka's
 * acknowledgement, then answers 200 (Plivo XML for the answer callback). Nothing is stored for a
 * callback refused with 4xx; a 503 tells Plivo to try again.
 */
final class CallbackEndpoint implements HttpHandler {
    static final String PREFIX = "/plivo/";
    private static final Logger LOG = LoggerFactory.getLogger(CallbackEndpoint.class);
    private static final String FORM = "application/x-www-form-urlencoded";
    /** How much of a refused, oversized body is read so that its client still gets the 400. */
    private static final long SWALLOW_BYTES = 4L << 20;

    private final String publicBaseUrl;
    private final int maxBodyBytes;
    private final CallbackSignature signature;
    private final CallbackGuard guard;
    private final RedisCommands<String, String> redis;
    private final CallEventWriter events;
    private final CampaignAnswerSettings settings;
    private final AnswerSettings fallback;
    private final BridgeMetrics metrics;
    private final Clock clock;

    CallbackEndpoint(String publicBaseUrl, int maxBodyBytes, CallbackSignature signature, CallbackGuard guard,
                     RedisCommands<String, String> redis, CallEventWriter events, CampaignAnswerSettings settings,
                     AnswerSettings fallback, BridgeMetrics metrics, Clock clock) {
        this.publicBaseUrl = publicBaseUrl;
        this.maxBodyBytes = maxBodyBytes;
        this.signature = signature;
        this.guard = guard;
        this.redis = redis;
        this.events = events;
        this.settings = settings;
        this.fallback = fallback;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What to send back, and how to count it. */
    private record Reply(int status, Result result, String contentType, String body) {
        static Reply text(int status, Result result, String body) {
            return new Reply(status, result, "text/plain; charset=utf-8", body);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Optional<CallbackKind> kind = path.startsWith(PREFIX)
                    ? CallbackKind.ofPath(path.substring(PREFIX.length())) : Optional.empty();
            if (kind.isEmpty()) {
                send(exchange, Reply.text(404, null, "no such callback\n"));
                return;
            }
            Reply reply;
            try {
                reply = handle(kind.get(), exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = Reply.text(503, Result.UNAVAILABLE, "shutting down\n");
            }
            metrics.callback(kind.get(), reply.result());
            send(exchange, reply);
        }
    }

    private Reply handle(CallbackKind kind, HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            return Reply.text(405, Result.METHOD_NOT_ALLOWED, "method " + method + " not allowed; Plivo calls back with GET or POST\n");
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query;
        Map<String, String> params;
        try {
            query = FormParameters.parse(rawQuery);
            params = method.equals("GET") ? query : FormParameters.parse(body(exchange));
        } catch (MalformedCallback e) {
            return rejectMalformed(kind, e);
        }

        // a GET's Plivo parameters are in the query: they are signed as parameters, not as part of the URL
        String url = publicBaseUrl + exchange.getRequestURI().getRawPath()
                + (method.equals("POST") && rawQuery != null ? "?" + rawQuery : "");
        String nonce = header(exchange, "X-Plivo-Signature-V3-Nonce");
        Verdict verdict = signature.check(url, method, nonce, signatures(exchange), params);
        if (verdict != Verdict.ACCEPTED) {
            // the path only: the query names the attempt, and a GET's carries the callee's number
            LOG.info("{} callback refused: signature {} ({})", kind.path(), verdict, method);
            return Reply.text(403, Result.FORBIDDEN, "signature " + verdict.name().toLowerCase(Locale.ROOT) + "\n");
        }

        PlivoCallback callback;
        try {
            callback = PlivoCallback.read(kind, query, params);
        } catch (MalformedCallback e) {
            return rejectMalformed(kind, e);
        }
        String answeredCall = kind == CallbackKind.ANSWER ? callback.callUuid() : null;
        CallbackGuard.Verdict admitted;
        try {
            admitted = guard.admit(redis, callback.clientId(), callback.attemptId(), nonce, answeredCall);
        } catch (RedisException e) {
            LOG.warn("{} callback of attempt {} not checked, answering 503: Redis: {}", kind.path(), callback.attemptId(),
                    e.getMessage());
            return Reply.text(503, Result.UNAVAILABLE, "replay guard unavailable, try again\n");
        }
        switch (admitted) {
            case ACCEPTED -> { }
            case REPLAYED -> {
                LOG.info("{} callback of attempt {} refused: nonce replayed", kind.path(), callback.attemptId());
                return Reply.text(403, Result.FORBIDDEN, "signature replayed\n");
            }
            case FINAL, ANSWERED -> {
                // no retry follows a 409 (Plivo retries on connection failures and timeouts by default), and no XML
                LOG.info("{} callback of attempt {} refused: {}", kind.path(), callback.attemptId(), admitted);
                return Reply.text(409, Result.CONFLICT, admitted == CallbackGuard.Verdict.FINAL
                        ? "attempt already ended: nothing changes\n" : "call already answered: no second answer\n");
            }
        }
        String xml = kind == CallbackKind.ANSWER ? answerXml(callback) : null;
        Optional<CallEvent> event = callback.toEvent(clock.instant());
        if (event.isPresent()) {
            Timer.Sample sample = Timer.start();
            try {
                events.store(event.get());
            } catch (CallEventWriter.Unavailable e) {
                forget(callback, nonce, answeredCall);
                LOG.warn("{} callback of attempt {} not stored, answering 503: {}", kind.path(), callback.attemptId(), e.getMessage());
                return Reply.text(503, Result.UNAVAILABLE, "call event not stored, try again: " + e.getMessage() + "\n");
            } finally {
                sample.stop(metrics.produceLatency());
            }
        }
        return xml != null ? new Reply(200, Result.ACCEPTED, "application/xml; charset=utf-8", xml)
                : Reply.text(200, Result.ACCEPTED, event.isPresent() ? "stored\n" : "nothing to store\n");
    }

    /** Plivo's retry of a callback answered 503 must be admitted: the guard forgets it (best effort). */
    private void forget(PlivoCallback callback, String nonce, String answeredCall) {
        try {
            guard.forget(redis, callback.clientId(), nonce, answeredCall);
        } catch (RedisException e) {
            LOG.warn("attempt {}: the refused callback stays remembered, Plivo's retry will be refused: {}",
                    callback.attemptId(), e.getMessage());
        }
    }

    private String answerXml(PlivoCallback callback) {
        AnswerSettings campaign = settings.settingsFor(callback.campaignId());
        try {
            return AnswerXml.answer(campaign, callback);
        } catch (IllegalArgumentException e) {
            // a campaign's settings Plivo's XML cannot carry must not drop the call: answer with the default
            LOG.warn("campaign {}: {}; answering attempt {} with the default", callback.campaignId(), e.getMessage(),
                    callback.attemptId());
            return AnswerXml.answer(fallback, callback);
        }
    }

    private Reply rejectMalformed(CallbackKind kind, MalformedCallback e) {
        // the reason may quote the request: never a callee's number in the log
        LOG.info("{} callback malformed: {}", kind.path(), Masked.numbers(e.getMessage()));
        return Reply.text(400, Result.BAD_REQUEST, "malformed callback: " + e.getMessage() + "\n");
    }

    /** The form body, refused when it is not a form or larger than the limit (kept no further than that). */
    private String body(HttpExchange exchange) throws IOException, MalformedCallback {
        String length = header(exchange, "Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new MalformedCallback("bad Content-Length '" + length + "'");
            }
            if (declared > maxBodyBytes) {
                if (declared <= SWALLOW_BYTES) {
                    swallow(exchange.getRequestBody());
                }
                throw new MalformedCallback("body of " + length.trim() + " bytes, over the limit of " + maxBodyBytes);
            }
        }
        // closed with the exchange, after any swallowing
        InputStream in = exchange.getRequestBody();
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            swallow(in);
            throw new MalformedCallback("body over the limit of " + maxBodyBytes + " bytes");
        }
        String type = header(exchange, "Content-Type");
        if (bytes.length > 0 && (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM))) {
            throw new MalformedCallback("body must be " + FORM + ", was " + (type == null ? "untyped" : type));
        }
        // form data is ASCII; ISO-8859-1 keeps any other byte visible to the strict parser
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads and drops up to {@link #SWALLOW_BYTES} of a refused body before the 400 goes out. A server
     * that answers and closes while the client is still sending makes the kernel reset the connection,
     * and the client loses the answer with it. A body declared larger than the bound is not read at
     * all (its connection is closed anyway), and an undeclared one no further than the bound (Tomcat's
     * maxSwallowSize does the same).
     */
    private static void swallow(InputStream body) throws IOException {
        long left = SWALLOW_BYTES;
        byte[] sink = new byte[8192];
        int n;
        while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= n;
        }
    }

    /** V3 and the main account's V3: either may carry the signature made with our token. */
    private static String signatures(HttpExchange exchange) {
        String v3 = header(exchange, "X-Plivo-Signature-V3");
        String ma = header(exchange, "X-Plivo-Signature-Ma-V3");
        if (v3 == null || ma == null) {
            return v3 != null ? v3 : ma;
        }
        return v3 + "," + ma;
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
