package com.dialer.plivosim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.http.BodyTooLarge;
import com.dialer.http.Reply;
import com.dialer.http.Request;
import com.dialer.http.Routes;
import com.dialer.http.ServerSettings;
import com.dialer.http.WebServer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A Plivo voice API simulator on 127.0.0.1: Make-a-Call ({@code POST /v1/Account/{id}/Call/}) with
 * Plivo's answers and errors, the account's CPS limit (calls over it are queued and released at the
 * CPS, or refused with code 5030 in reject mode), the records of finished calls and the queued/live
 * call lookups as plivo-java requests them, cancellation, signed callbacks, fault switches, and the
 * {@link Witness} of every dial ({@code GET /sim/stats}). Several accounts ({@link SimConfig#accounts()}) each
 * have their own auth id, token and CPS; an account sees, cancels and is called back about its own calls only,
 * its callbacks signed with its own token.
 */
public final class PlivoSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlivoSimulator.class);
    private static final Pattern CALLS = Pattern.compile("/v1/Account/([^/]+)/Call/?");
    private static final Pattern ONE_CALL = Pattern.compile("/v1/Account/([^/]+)/Call/([^/]+)/?");
    private static final Pattern REQUEST = Pattern.compile("/v1/Account/([^/]+)/Request/([^/]+)/?");
    private static final Pattern NUMBER = Pattern.compile("\\+?[1-9][0-9]{6,14}");
    private static final int NON_CALL_REQUESTS_PER_5S = 300;
    private static final int RECORD_RETENTION = 200_000;
    // live calls: "2017-05-22 13:17:49.050872" in Plivo's sample
    private static final java.time.format.DateTimeFormatter SESSION_START =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(java.time.ZoneOffset.UTC);

    private final SimConfig config;
    private final Faults faults = new Faults();
    private final Witness witness = new Witness();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final CallbackSender callbacks;
    private final CallPlayer player;
    private final WebServer server;
    private final Map<String, SimulatedCall> calls = new ConcurrentHashMap<>();
    private final Map<String, SimulatedCall> callsByCallUuid = new ConcurrentHashMap<>();
    private final CallRecords records = new CallRecords(RECORD_RETENTION);
    private final AtomicLong sequence = new AtomicLong();
    private final Random faultRandom;
    private final Deque<Long> nonCallRequests = new ArrayDeque<>();
    private final Map<String, SimAccount> accounts = new LinkedHashMap<>();
    private final Map<String, Long> nextStartNanos = new java.util.HashMap<>();

    private PlivoSimulator(SimConfig config, int port) {
        this.config = config;
        config.accounts().forEach(a -> accounts.put(a.authId(), a));
        this.faultRandom = new Random(config.seed() * 31 + 7);
        this.callbacks = new CallbackSender(config);
        this.player = new CallPlayer(config, faults, witness, callbacks, records, workers);
        // the fields the routes read are set above: a request may come before the constructor returns
        this.server = WebServer.start(ServerSettings.of("plivo-sim", "127.0.0.1", port), new Routes()
                .on("/v1/", this::api)
                .on("/sim/stats", r -> respond(200, witness.stats()))
                .on("/sim/health", r -> respond(200, Map.of("status", "UP"))));
    }

    /** Starts on a free loopback port. */
    public static PlivoSimulator start(SimConfig config) {
        return start(config, 0);
    }

    public static PlivoSimulator start(SimConfig config, int port) {
        try {
            return new PlivoSimulator(config, port);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot start the Plivo simulator on 127.0.0.1:" + port, e);
        }
    }

    /** The base URL plivo-java's "https://api.plivo.com/v1/" is to be replaced with. */
    public String apiUrl() {
        return "http://127.0.0.1:" + port() + "/v1/";
    }

    public int port() {
        return server.port();
    }

    public SimConfig config() {
        return config;
    }

    public Faults faults() {
        return faults;
    }

    public Witness witness() {
        return witness;
    }

    public WitnessStats stats() {
        return witness.stats();
    }

    private Reply api(Request ex) {
        String path = ex.path();
        String method = ex.method();
        try {
            Matcher m;
            if ((m = CALLS.matcher(path)).matches() && method.equals("POST")) {
                SimAccount account = authenticated(ex, m.group(1));
                return account == null ? unauthorized() : createCall(ex, account);
            }
            if (!underNonCallLimit()) {
                return respond(429, error("too many requests: over " + NON_CALL_REQUESTS_PER_5S + " per 5 seconds"));
            }
            Map<String, String> query = query(ex);
            String status = query.get("status");
            if ((m = CALLS.matcher(path)).matches() && method.equals("GET")) {
                SimAccount account = authenticated(ex, m.group(1));
                return account == null ? unauthorized() : lookup(() -> listCalls(account, status, query), status);
            } else if ((m = ONE_CALL.matcher(path)).matches() && method.equals("GET")) {
                SimAccount account = authenticated(ex, m.group(1));
                String id = m.group(2);
                return account == null ? unauthorized() : lookup(() -> getCall(account, id, status), status);
            } else if ((m = REQUEST.matcher(path)).matches() && method.equals("DELETE")) {
                SimAccount account = authenticated(ex, m.group(1));
                return account == null ? unauthorized() : cancel(account, m.group(2));
            } else if ((m = ONE_CALL.matcher(path)).matches() && method.equals("DELETE")) {
                SimAccount account = authenticated(ex, m.group(1));
                return account == null ? unauthorized() : hangUp(account, m.group(2));
            }
            return respond(405, error("method " + method + " not allowed on " + path));
        } catch (RuntimeException e) {
            LOG.warn("simulator error on {} {}", method, path, e);
            return respond(500, error("internal error: " + e.getMessage()));
        }
    }

    private Reply createCall(Request ex, SimAccount account) {
        Map<String, Object> body;
        try {
            byte[] bytes = ex.body();
            body = bytes.length == 0 ? Map.of() : json.readValue(bytes, new TypeReference<Map<String, Object>>() { });
        } catch (IOException | BodyTooLarge e) {
            return respond(400, error("the request body is not JSON: " + e.getMessage()));
        }
        String invalid = validate(body);
        if (invalid != null) {
            return respond(400, error(invalid));
        }
        pauseForSlowAnswer();
        if (faults.serverError(faultRandom)) {
            witness.refusedWithServerError();
            return respond(500, error("internal server error (simulated)"));
        }
        long now = System.nanoTime();
        long startAt;
        synchronized (this) {
            // each account's CPS apart: a busy account queues its own calls, not another's
            long interval = (long) (1_000_000_000L / account.callsPerSecond());
            startAt = Math.max(now, nextStartNanos.getOrDefault(account.authId(), Long.MIN_VALUE));
            if (config.rejectOverCps() && startAt > now) {
                witness.rejectedOverCps();
                return respond(400, Map.of("api_id", apiId(), "error", "calls per second limit reached", "error_code", 5030));
            }
            nextStartNanos.put(account.authId(), startAt + interval);
        }
        boolean queued = startAt - now > 1_000_000L;
        String requestUuid = UUID.randomUUID().toString();
        SimulatedCall call = new SimulatedCall(requestUuid, UUID.randomUUID().toString(), body, account);
        calls.put(requestUuid, call);
        callsByCallUuid.put(call.callUuid, call);
        witness.dialed(new Witness.Dial(now, System.currentTimeMillis(), account.authId(), call.from, call.to, requestUuid,
                call.attemptId, call.client, call.campaign, queued));
        Random random = new Random(config.seed() ^ (sequence.incrementAndGet() * 0x9E3779B97F4A7C15L));
        long delay = startAt - now;
        workers.submit(() -> run(call, delay, random));
        if (faults.serverErrorAfterPlacing(faultRandom)) {
            witness.serverErrorAfterPlacing();
            return respond(503, error("service unavailable (simulated, after placing the call)"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("api_id", apiId());
        answer.put("message", queued ? "call queued" : "call fired");
        answer.put("request_uuid", requestUuid);
        return respond(201, answer);
    }

    private void run(SimulatedCall call, long delayNanos, Random random) {
        call.player = Thread.currentThread();
        try {
            if (delayNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(delayNanos);
            }
        } catch (InterruptedException e) {
            // cancelled while queued
        }
        if (call.cancelled) {
            witness.cancelledWhileQueued(call.to);
            forget(call);
            return;
        }
        try {
            player.play(call, random);
        } finally {
            forget(call);
        }
    }

    private void forget(SimulatedCall call) {
        calls.remove(call.requestUuid);
        callsByCallUuid.remove(call.callUuid);
    }

    private String validate(Map<String, Object> body) {
        String from = SimulatedCall.text(body, "from");
        String to = SimulatedCall.text(body, "to");
        String answerUrl = SimulatedCall.text(body, "answer_url");
        if (from == null || from.isBlank()) {
            return "from parameter not found";
        }
        if (to == null || to.isBlank()) {
            return "to parameter not found";
        }
        if (answerUrl == null || answerUrl.isBlank()) {
            return "answer_url parameter not found";
        }
        if (to.contains("<")) {
            return "bulk calls ('<' in to) are not supported by the simulator";
        }
        if (!NUMBER.matcher(from).matches()) {
            return "invalid from number: " + from;
        }
        if (!to.startsWith("sip:") && !NUMBER.matcher(to).matches()) {
            return "invalid to number: " + to;
        }
        for (String key : List.of("answer_url", "ring_url", "hangup_url", "machine_detection_url")) {
            String url = SimulatedCall.text(body, key);
            if (url != null && !isHttpUrl(url)) {
                return "invalid " + key + ": " + url;
            }
        }
        return null;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Counts the lookup and answers 500 when the lookup fault strikes (plivo-java's VoiceGetter and
     * VoiceLister then try their two fallback hosts, the same simulator); else the lookup's answer.
     */
    private Reply lookup(Supplier<Reply> served, String status) {
        if (faults.lookupServerError(faultRandom)) {
            witness.lookupServerError();
            return respond(500, error("internal server error (simulated)"));
        }
        witness.lookupServed("live".equals(status) ? Witness.Lookup.LIVE
                : "queued".equals(status) ? Witness.Lookup.QUEUED : Witness.Lookup.RECORD);
        return served.get();
    }

    private Reply listCalls(SimAccount account, String status, Map<String, String> query) {
        if (status == null) {
            return listRecords(account, query);
        }
        boolean queued = "queued".equals(status);
        if (!queued && !"live".equals(status)) {
            return respond(400, error("invalid status: " + status + " (live or queued)"));
        }
        // LiveCall.listGetter() sends call_direction, from_number and to_number; QueuedCall's none
        String direction = query.get("call_direction");
        String from = query.get("from_number");
        String to = query.get("to_number");
        List<String> ids = calls.values().stream()
                .filter(c -> c.account.equals(account))
                .filter(c -> queued ? c.phase == SimulatedCall.Phase.QUEUED : live(c))
                .filter(c -> direction == null || "outbound".equalsIgnoreCase(direction))
                .filter(c -> from == null || PlivoNumbers.same(from, c.from))
                .filter(c -> to == null || PlivoNumbers.same(to, c.to))
                .map(c -> queued ? c.requestUuid : c.callUuid)
                .sorted().toList();
        return respond(200, Map.of("api_id", apiId(), "calls", ids));
    }

    private Reply listRecords(SimAccount account, Map<String, String> query) {
        CallRecords.Page page;
        try {
            page = records.list(query, account.authId());
        } catch (IllegalArgumentException e) {
            return respond(400, error(e.getMessage()));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("limit", page.limit());
        meta.put("next", page.offset() + page.limit() < page.total() ? pageUrl(account, query, page.limit(), page.offset() + page.limit()) : null);
        meta.put("offset", page.offset());
        meta.put("previous", page.offset() > 0 ? pageUrl(account, query, page.limit(), Math.max(0, page.offset() - page.limit())) : null);
        meta.put("total_count", page.total());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("api_id", apiId());
        answer.put("meta", meta);
        answer.put("objects", page.records().stream().map(r -> r.json(account.authId())).toList());
        return respond(200, answer);
    }

    /** Plivo's meta.next / meta.previous: the same listing's path and filters at another offset. */
    private String pageUrl(SimAccount account, Map<String, String> query, int limit, int offset) {
        Map<String, String> q = new java.util.TreeMap<>(query);
        q.put("limit", Integer.toString(limit));
        q.put("offset", Integer.toString(offset));
        StringBuilder url = new StringBuilder("/v1/Account/").append(account.authId()).append("/Call/?");
        q.forEach((k, v) -> url.append(encode(k)).append('=').append(encode(v)).append('&'));
        return url.substring(0, url.length() - 1);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean live(SimulatedCall c) {
        return c.phase == SimulatedCall.Phase.RINGING || c.phase == SimulatedCall.Phase.IN_PROGRESS;
    }

    private Reply getCall(SimAccount account, String id, String status) {
        if (status == null) {
            // a record exists once the call ended: a live or queued call is not found here, as at Plivo
            var record = records.byCallUuid(id).filter(r -> r.account() == null || r.account().equals(account.authId()));
            if (record.isEmpty()) {
                return respond(404, error("call not found"));
            }
            return respond(200, record.get().json(account.authId()));
        }
        boolean queued = "queued".equals(status);
        SimulatedCall call = queued ? calls.get(id) : callsByCallUuid.get(id);
        boolean matches = call != null && call.account.equals(account) && (queued ? call.phase == SimulatedCall.Phase.QUEUED : live(call));
        if (!matches) {
            return respond(404, error("call not found"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("api_id", apiId());
        answer.put("direction", "outbound");
        answer.put("from", call.from);
        answer.put("to", PlivoNumbers.asPlivoReportsIt(call.to));
        answer.put("call_status", call.phase == SimulatedCall.Phase.QUEUED ? "queued"
                : call.phase == SimulatedCall.Phase.RINGING ? "ringing" : "in-progress");
        answer.put("caller_name", call.callerName == null ? "" : call.callerName);
        answer.put("call_uuid", call.callUuid);
        answer.put("request_uuid", call.requestUuid);
        if (!queued) {
            answer.put("session_start", call.startTime == null ? null : SESSION_START.format(call.startTime));
        }
        return respond(200, answer);
    }

    private Reply cancel(SimAccount account, String requestUuid) {
        SimulatedCall call = calls.get(requestUuid);
        if (call == null || !call.account.equals(account) || call.phase == SimulatedCall.Phase.ENDED) {
            return respond(404, error("request not found"));
        }
        stop(call);
        return respond(204, null);
    }

    private Reply hangUp(SimAccount account, String callUuid) {
        SimulatedCall call = callsByCallUuid.get(callUuid);
        if (call == null || !call.account.equals(account)) {
            return respond(404, error("call not found"));
        }
        stop(call);
        return respond(204, null);
    }

    private static void stop(SimulatedCall call) {
        call.cancelled = true;
        Thread t = call.player;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The account the path names when the basic auth is its own; else null (401). */
    private SimAccount authenticated(Request ex, String pathAuthId) {
        SimAccount account = accounts.get(pathAuthId);
        if (account == null) {
            return null;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (account.authId() + ":" + account.authToken()).getBytes(StandardCharsets.UTF_8));
        return expected.equals(ex.header("Authorization")) ? account : null;
    }

    private Reply unauthorized() {
        return respond(401, error("Authentication failed: unknown auth id or wrong auth token"));
    }

    private synchronized boolean underNonCallLimit() {
        long now = System.nanoTime();
        while (!nonCallRequests.isEmpty() && now - nonCallRequests.peekFirst() > 5_000_000_000L) {
            nonCallRequests.pollFirst();
        }
        if (nonCallRequests.size() >= NON_CALL_REQUESTS_PER_5S) {
            return false;
        }
        nonCallRequests.addLast(now);
        return true;
    }

    private void pauseForSlowAnswer() {
        java.time.Duration delay = faults.slowAnswer(faultRandom);
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, String> query(Request ex) {
        return SimulatedCall.queryOf(ex.rawPathAndQuery());
    }

    private Map<String, Object> error(String message) {
        return Map.of("api_id", apiId(), "error", message);
    }

    static String apiId() {
        return UUID.randomUUID().toString();
    }

    private Reply respond(int status, Object body) {
        if (body == null) {
            return Reply.empty(status);
        }
        try {
            return Reply.of(status, Reply.JSON, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("simulator answer not writable as JSON", e);
        }
    }

    @Override
    public void close() {
        server.close();
        calls.values().forEach(PlivoSimulator::stop);
        workers.shutdownNow();
        callbacks.close();
    }
}
