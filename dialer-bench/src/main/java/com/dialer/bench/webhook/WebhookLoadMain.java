package com.dialer.bench.webhook;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.dialer.bench.measure.Distribution;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.plivo.api.util.Utils;

/**
 * The load generator of the webhook scenario, in its own JVM: signs ring callbacks the way Plivo
 * does (V3, plivo-java's {@code Utils.computeSignatureV3}, a fresh nonce each), sends a tenth as
 * many hangup callbacks to warm up, then for each concurrency {@code count} ring callbacks with that
 * many in flight, printing {@code RESULT <json>} after each and waiting for a line on its input
 * before the next. Each round is bounded by {@code maxSeconds}.
 * Arguments: bridgeBaseUrl authToken count concurrency[,concurrency...] maxSeconds.
 */
public final class WebhookLoadMain {

    private WebhookLoadMain() {
    }

    /** What the load saw; times in milliseconds. */
    public record Result(int sent, int ok, Map<Integer, Integer> statuses, double seconds, double perSecond,
                         Distribution millis) {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int count = Integer.parseInt(args[2]);
        int[] levels = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        Duration limit = Duration.ofSeconds(Long.parseLong(args[4]));
        List<HttpRequest> warmUp = new ArrayList<>();
        for (int i = 0; i < Math.max(1, count / 10); i++) {
            Map<String, String> params = callback("warm-" + i, "completed", "Hangup");
            params.putAll(Map.of("HangupCause", "NORMAL_CLEARING", "HangupCauseCode", "4000", "Duration", "30", "BillDuration", "60"));
            warmUp.add(signed(base, "hangup", "warm-" + i, params, token));
        }
        List<List<HttpRequest>> rounds = new ArrayList<>();
        for (int level : levels) {
            List<HttpRequest> rings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String attempt = "load-c" + level + "-" + i;
                rings.add(signed(base, "ring", attempt, callback(attempt, "ringing", "Ring"), token));
            }
            rounds.add(rings);
        }
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            send(http, warmUp, levels[0], limit);
            for (int r = 0; r < levels.length; r++) {
                Result result = send(http, rounds.get(r), levels[r], limit);
                System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
                if (r < levels.length - 1 && in.readLine() == null) {
                    return;
                }
            }
        }
    }

    static Result send(HttpClient http, List<HttpRequest> requests, int concurrency, Duration limit) throws InterruptedException {
        long[] nanos = new long[requests.size()];
        int[] status = new int[requests.size()];
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong sent = new AtomicLong();
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests.size() && System.nanoTime() < deadline; i++) {
                int n = i;
                inFlight.acquire();
                sent.incrementAndGet();
                senders.submit(() -> {
                    long start = System.nanoTime();
                    try {
                        status[n] = http.send(requests.get(n), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status[n] = -1;
                    } finally {
                        nanos[n] = System.nanoTime() - start;
                        inFlight.release();
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int done = (int) sent.get();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < done; i++) {
            statuses.merge(status[i], 1, Integer::sum);
        }
        return new Result(done, statuses.getOrDefault(200, 0), statuses, seconds, done / seconds,
                Distribution.ofNanosAsMillis(java.util.Arrays.copyOf(nanos, done)));
    }

    private static Map<String, String> callback(String attempt, String callStatus, String event) {
        return new HashMap<>(Map.of("CallUUID", "u-" + attempt, "RequestUUID", "r-" + attempt, "CallStatus", callStatus,
                "Event", event, "From", "+14155550100", "To", "+14155550101", "Direction", "outbound"));
    }

    private static HttpRequest signed(String base, String kind, String attempt, Map<String, String> params, String token)
            throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("attemptId", attempt);
        query.put("client", "client-1");
        query.put("campaign", "bench-campaign");
        String url = base + "/plivo/" + kind + "?" + form(query);
        String nonce = Long.toString(System.nanoTime()) + attempt;
        String signature = Utils.computeSignatureV3(url, nonce, token, "POST", new HashMap<>(params));
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Plivo-Signature-V3", signature)
                .header("X-Plivo-Signature-V3-Nonce", nonce)
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build();
    }

    private static String form(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
