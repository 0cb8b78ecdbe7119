package com.dialer.bridge;

import java.io.IOException;
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
import com.dialer.http.BodyTooLarge;
import com.dialer.http.Request;
import com.dialer.http.Route;
import com.dialer.schemas.Masked;
import com.dialer.state.callbacks.CallbackGuard;
import com.dialer.schemas.CallContext;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Timer;

/**
 * {@code /plivo/{ring,answer,hangup,machine}}, GET or form POST: reads the callback, checks its V3
 * signature against the public URL Plivo called, stores its call event and waits for Kafka's
 * acknowledgement, then answers 200 (Plivo XML for the answer callback). Nothing is stored for a
 * callback refused with 4xx; a 503 tells Plivo to try again.
 */
final class CallbackEndpoint implements Route {
    static final String PREFIX = "/plivo/";
    private static final Logger LOG = LoggerFactory.getLogger(CallbackEndpoint.class);
    private static final String FORM = "application/x-www-form-urlencoded";

    private final String publicBaseUrl;
    private final CallbackSignature signature;
    private final CallbackGuard guard;
    private final RedisClusterCommands<String, String> redis;
    private final CallEventWriter events;
    private final CampaignAnswerSettings settings;
    private final AnswerSettings fallback;
    private final BridgeMetrics metrics;
    private final Clock clock;

    CallbackEndpoint(String publicBaseUrl, CallbackSignature signature, CallbackGuard guard,
                     RedisClusterCommands<String, String> redis, CallEventWriter events, CampaignAnswerSettings settings,
                     AnswerSettings fallback, BridgeMetrics metrics, Clock clock) {
        this.publicBaseUrl = publicBaseUrl;
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
    private record Reply(Result result, com.dialer.http.Reply http) {
        static Reply text(int status, Result result, String body) {
            return new Reply(result, com.dialer.http.Reply.text(status, body));
        }
    }

    @Override
    public com.dialer.http.Reply handle(Request request) throws IOException {
        String path = request.rawPath();
        Optional<CallbackKind> kind = path.startsWith(PREFIX)
                ? CallbackKind.ofPath(path.substring(PREFIX.length())) : Optional.empty();
        if (kind.isEmpty()) {
            return com.dialer.http.Reply.text(404, "no such callback: " + path + "\n");
        }
        try (CallContext call = CallContext.open()) {
            Reply reply;
            try {
                reply = handle(kind.get(), request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = Reply.text(503, Result.UNAVAILABLE, "shutting down\n");
            }
            metrics.callback(kind.get(), reply.result());
            return reply.http();
        }
    }

    private Reply handle(CallbackKind kind, Request request) throws IOException, InterruptedException {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("POST")) {
            return new Reply(Result.METHOD_NOT_ALLOWED, com.dialer.http.Reply.methodNotAllowed("GET, POST",
                    "method " + method + " not allowed; Plivo calls back with GET or POST\n"));
        }
        String rawQuery = request.rawQuery();
        Map<String, String> query;
        Map<String, String> params;
        try {
            query = FormParameters.parse(rawQuery);
            params = method.equals("GET") ? query : FormParameters.parse(body(request));
        } catch (MalformedCallback e) {
            return rejectMalformed(kind, e);
        }

        // a GET's Plivo parameters are in the query: they are signed as parameters, not as part of the URL
        String url = publicBaseUrl + request.rawPath()
                + (method.equals("POST") && rawQuery != null ? "?" + rawQuery : "");
        String nonce = header(request, "X-Plivo-Signature-V3-Nonce");
        // the client the signed URL names decides whose token is the key (PlivoAccounts): not guessed from the signature
        Verdict verdict = signature.check(clientOf(query), url, method, nonce, signatures(request), params);
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
        CallContext.put(callback.attemptId(), callback.campaignId(), callback.clientId());
        String owner = settings.ownerOf(callback.attemptCampaign());
        if (owner != null && !owner.equals(callback.clientId())) {
            // signed with the named client's token, for an attempt of another client's campaign
            LOG.warn("{} callback of attempt {} refused: the URL names client {}, the campaign is another client's", kind.path(),
                    callback.attemptId(), callback.clientId());
            return Reply.text(403, Result.FORBIDDEN, "attempt of another client\n");
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
        return xml != null ? new Reply(Result.ACCEPTED, com.dialer.http.Reply.of(200, "application/xml; charset=utf-8", xml))
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
    private static String body(Request request) throws IOException, MalformedCallback {
        byte[] bytes;
        try {
            bytes = request.body();
        } catch (BodyTooLarge e) {
            throw new MalformedCallback(e.getMessage());
        }
        String type = header(request, "Content-Type");
        if (bytes.length > 0 && (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM))) {
            throw new MalformedCallback("body must be " + FORM + ", was " + (type == null ? "untyped" : type));
        }
        // form data is ASCII; ISO-8859-1 keeps any other byte visible to the strict parser
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** V3 and the main account's V3: either may carry the signature made with our token. */
    private static String signatures(Request request) {
        String v3 = header(request, "X-Plivo-Signature-V3");
        String ma = header(request, "X-Plivo-Signature-Ma-V3");
        if (v3 == null || ma == null) {
            return v3 != null ? v3 : ma;
        }
        return v3 + "," + ma;
    }

    /** The URL's client when it is an id (else the default account's token is the key, and the callback fails later). */
    private static String clientOf(Map<String, String> query) {
        String client = query.get("client");
        return client != null && com.dialer.schemas.IdRule.valid(client) ? client : null;
    }

    private static String header(Request request, String name) {
        return request.header(name);
    }
}
