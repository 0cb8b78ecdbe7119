package com.dialer.bench.webhook;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

import com.dialer.bench.measure.Distribution;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.plivo.api.util.Utils;

/**
 * The load generator of the webhook scenario, in its own JVM: signs ring callbacks the way Plivo
 * does (V3, plivo-java's {@code Utils.computeSignatureV3}, a fresh nonce each), sends a tenth as
 * many hangup callbacks to warm up and says {@code READY}; then for each concurrency, on a line on
 * its input, sends {@code count} ring callbacks with that many in flight and prints
 * {@code RESULT <json>}. Each round is bounded by {@code maxSeconds}.
 *
 * <p>Jetty's asynchronous client sends them (no thread per request, a connection per request in flight):
 * the generator shares the cores with the bridge, so the less CPU it spends per request, the more the
 * bridge can show. Its own CPU per round is in the result, to be subtracted.
 * Arguments: bridgeBaseUrl authToken count concurrency[,concurrency...] maxSeconds.
 */
public final class WebhookLoadMain {

    private WebhookLoadMain() {
    }

    /** What the load saw; times in milliseconds; {@code cpuMillis} is this JVM's CPU during the round. */
    public record Result(int sent, int ok, Map<Integer, Integer> statuses, double seconds, double perSecond,
                         Distribution millis, double cpuMillis) {
    }

    /** A signed callback, ready to send: nothing is computed while the clock runs. */
    record Signed(URI uri, String signature, String nonce, byte[] body) {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int count = Integer.parseInt(args[2]);
        int[] levels = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        Duration limit = Duration.ofSeconds(Long.parseLong(args[4]));
        List<Signed> warmUp = new ArrayList<>();
        for (int i = 0; i < Math.max(1, count / 10); i++) {
            Map<String, String> params = callback("warm-" + i, "completed", "Hangup");
            params.putAll(Map.of("HangupCause", "NORMAL_CLEARING", "HangupCauseCode", "4000", "Duration", "30", "BillDuration", "60"));
            warmUp.add(signed(base, "hangup", "warm-" + i, params, token));
        }
        List<List<Signed>> rounds = new ArrayList<>();
        for (int level : levels) {
            List<Signed> rings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String attempt = "load-c" + level + "-" + i;
                rings.add(signed(base, "ring", attempt, callback(attempt, "ringing", "Ring"), token));
            }
            rounds.add(rings);
        }
        int most = java.util.Arrays.stream(levels).max().orElse(1);
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(most);
        http.setMaxRequestsQueuedPerDestination(most);
        http.setConnectTimeout(5_000);
        http.setIdleTimeout(30_000);
        http.start();
        try {
            send(http, warmUp, levels[0], limit);
            System.out.println("READY");
            for (int r = 0; r < levels.length; r++) {
                if (in.readLine() == null) {
                    return;
                }
                Result result = send(http, rounds.get(r), levels[r], limit);
                System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
            }
        } finally {
            http.stop();
        }
    }

    static Result send(HttpClient http, List<Signed> requests, int concurrency, Duration limit) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] nanos = new long[requests.size()];
        int[] status = new int[requests.size()];
        Semaphore inFlight = new Semaphore(concurrency);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        int sent = 0;
        for (int i = 0; i < requests.size() && System.nanoTime() < deadline; i++) {
            int n = i;
            Signed s = requests.get(i);
            inFlight.acquire();
            sent++;
            long start = System.nanoTime();
            http.newRequest(s.uri()).method(HttpMethod.POST).timeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> h.put("X-Plivo-Signature-V3", s.signature()).put("X-Plivo-Signature-V3-Nonce", s.nonce()))
                    .body(new BytesRequestContent("application/x-www-form-urlencoded", s.body()))
                    .send(result -> {
                        nanos[n] = System.nanoTime() - start;
                        status[n] = result.isFailed() ? -1 : result.getResponse().getStatus();
                        inFlight.release();
                    });
        }
        // every request answered (or failed by its own timeout)
        inFlight.acquire(concurrency);
        inFlight.release(concurrency);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMillis = (os.getProcessCpuTime() - cpu0) / 1e6;
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < sent; i++) {
            statuses.merge(status[i], 1, Integer::sum);
        }
        return new Result(sent, statuses.getOrDefault(200, 0), statuses, seconds, sent / seconds,
                Distribution.ofNanosAsMillis(java.util.Arrays.copyOf(nanos, sent)), cpuMillis);
    }

    private static Map<String, String> callback(String attempt, String callStatus, String event) {
        return new HashMap<>(Map.of("CallUUID", "u-" + attempt, "RequestUUID", "r-" + attempt, "CallStatus", callStatus,
                "Event", event, "From", "+14155550100", "To", "+14155550101", "Direction", "outbound"));
    }

    private static Signed signed(String base, String kind, String attempt, Map<String, String> params, String token)
            throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("attemptId", attempt);
        query.put("client", "client-1");
        query.put("campaign", "bench-campaign");
        String url = base + "/plivo/" + kind + "?" + form(query);
        String nonce = Long.toString(System.nanoTime()) + attempt;
        String signature = Utils.computeSignatureV3(url, nonce, token, "POST", new HashMap<>(params));
        return new Signed(URI.create(url), signature, nonce, form(params).getBytes(StandardCharsets.US_ASCII));
    }

    private static String form(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
