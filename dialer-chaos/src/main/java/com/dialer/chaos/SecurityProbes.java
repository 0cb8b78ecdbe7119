package com.dialer.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What an attacker, a broken proxy or a confused client sends the stack's HTTP endpoints, and what
 * each must answer: the webhook bridge refuses forged, unsigned, tampered and replayed callbacks
 * (403) and malformed, oversized or wrongly sent ones (4xx with a reason), storing nothing; the query
 * API refuses missing and unknown tokens and other clients' data.
 */
public final class SecurityProbes {
    /** Attempt ids of every probe start with this: none may ever reach call-events. */
    public static final String ATTEMPT_PREFIX = "probe";

    private SecurityProbes() {
    }

    /** One request and its verdict. */
    public record Probe(String what, int expectedStatus, String expectedText, int status, String body) {
        public boolean ok() {
            return status == expectedStatus && (expectedText == null || body.contains(expectedText));
        }

        @Override
        public String toString() {
            String shown = body.strip().length() > 160 ? body.strip().substring(0, 160) + "…" : body.strip();
            return what + ": " + status + " " + shown + (ok() ? "" : "  (expected " + expectedStatus
                    + (expectedText == null ? "" : " with '" + expectedText + "'") + ")");
        }
    }

    public static List<Probe> webhooks(ProcessStack stack) {
        WebhookProbe bridge = new WebhookProbe(stack.webhookBaseUrl(), stack.settings().sim().authToken());
        List<Probe> probes = new ArrayList<>();
        String hangup = WebhookProbe.path("hangup", ATTEMPT_PREFIX + ":c:1", "client-1");
        Map<String, String> completed = WebhookProbe.hangup("completed");

        probes.add(probe("unsigned", 403, "signature unsigned", bridge.post(bridge.unsigned(hangup, completed))));
        probes.add(probe("signed with another token", 403, "signature forged",
                bridge.post(bridge.signed(hangup, completed, "not-" + stack.settings().sim().authToken()))));
        probes.add(probe("a parameter changed after signing", 403, "signature forged",
                bridge.post(bridge.signed(hangup, completed).with("CallStatus", "busy"))));
        WebhookProbe.Callback signedForOther = bridge.signed(WebhookProbe.path("hangup", ATTEMPT_PREFIX + ":other:1", "client-1"), completed);
        probes.add(probe("signed for another attempt's URL", 403, "signature forged",
                bridge.post(new WebhookProbe.Callback(hangup, signedForOther.form(), signedForOther.headers()))));
        probes.add(probe("signed for another client's URL", 403, "signature forged", bridge.post(new WebhookProbe.Callback(
                WebhookProbe.path("hangup", ATTEMPT_PREFIX + ":c:1", "client-2"), bridge.signed(hangup, completed).form(),
                bridge.signed(hangup, completed).headers()))));
        probes.add(probe("a signature that is not Base64 HMAC", 403, "signature forged", bridge.post(new WebhookProbe.Callback(
                hangup, completed, Map.of("X-Plivo-Signature-V3", "AAAA", "X-Plivo-Signature-V3-Nonce", "12345678901234567890")))));
        probes.add(probe("a signature without its nonce", 403, "signature unsigned", bridge.post(new WebhookProbe.Callback(
                hangup, completed, Map.of("X-Plivo-Signature-V3", bridge.signed(hangup, completed).headers().get("X-Plivo-Signature-V3"))))));
        // a human-answered machine-detection callback stores nothing: the replay is the only thing tested
        Map<String, String> human = new LinkedHashMap<>(WebhookProbe.hangup("in-progress"));
        human.put("Event", "MachineDetection");
        human.put("Machine", "false");
        WebhookProbe.Callback once = bridge.signed(WebhookProbe.path("machine", ATTEMPT_PREFIX + ":r:1", "client-1"), human);
        probes.add(probe("a genuine callback", 200, "nothing to store", bridge.post(once)));
        probes.add(probe("the same callback replayed", 403, "signature replayed", bridge.post(once)));

        probes.add(probe("no CallStatus", 400, "malformed callback", bridge.post(bridge.signed(hangup, without(completed, "CallStatus")))));
        probes.add(probe("an unknown CallStatus", 400, "malformed callback", bridge.post(bridge.signed(hangup, with(completed, "CallStatus", "exploded")))));
        probes.add(probe("no CallUUID nor RequestUUID", 400, "malformed callback",
                bridge.post(bridge.signed(hangup, without(without(completed, "CallUUID"), "RequestUUID")))));
        probes.add(probe("a Duration that is not a number", 400, "malformed callback", bridge.post(bridge.signed(hangup, with(completed, "Duration", "abc")))));
        probes.add(probe("a hangup with a live status", 400, "malformed callback", bridge.post(bridge.signed(hangup, with(completed, "CallStatus", "ringing")))));
        String machine = WebhookProbe.path("machine", ATTEMPT_PREFIX + ":m:1", "client-1");
        probes.add(probe("Machine neither true nor false", 400, "malformed callback", bridge.post(bridge.signed(machine, with(human, "Machine", "maybe")))));
        String noAttempt = "/plivo/hangup?client=client-1";
        probes.add(probe("no attemptId in the URL", 400, "malformed callback", bridge.post(bridge.signed(noAttempt, completed))));
        String form = "application/x-www-form-urlencoded";
        probes.add(probe("a bad % escape", 400, "malformed callback", bridge.send("POST", hangup, Map.of(), form, "CallStatus=%ZZ&CallUUID=x")));
        probes.add(probe("bytes that are not UTF-8", 400, "malformed callback", bridge.send("POST", hangup, Map.of(), form, "CallStatus=%FF%FE")));
        probes.add(probe("a parameter twice", 400, "malformed callback",
                bridge.send("POST", hangup, Map.of(), form, "CallStatus=completed&CallStatus=busy")));
        probes.add(probe("JSON instead of a form", 400, "malformed callback",
                bridge.send("POST", hangup, Map.of(), "application/json", "{\"CallStatus\":\"completed\"}")));
        probes.add(probe("a body of 20 KB", 400, "over the limit", bridge.send("POST", hangup, Map.of(), form, "CallStatus=" + "x".repeat(20_000))));
        probes.add(probe("a body of 2 MB", 400, "over the limit", bridge.send("POST", hangup, Map.of(), form, "x".repeat(2_000_000))));
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            WebhookProbe.Answer answer = bridge.send(method, hangup, Map.of(), form, "CallStatus=completed");
            probes.add(probe(method, 405, "not allowed", answer));
            probes.add(new Probe(method + " names the allowed methods", 1, null, "GET, POST".equals(answer.allow()) ? 1 : 0,
                    "Allow: " + answer.allow()));
        }
        probes.add(probe("an unknown callback", 404, "no such callback", bridge.send("POST", "/plivo/explode?attemptId=probe:x:1",
                Map.of(), form, "CallStatus=completed")));
        return probes;
    }

    /**
     * @param tokenOf  each client's bearer token
     * @param campaign a campaign of {@code owner}
     * @param attempt  an attempt of {@code owner}
     */
    public static List<Probe> queryApi(ProcessStack stack, Map<String, String> tokenOf, String owner, String other, String campaign,
                                       String attempt) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = stack.queryApiUrl();
        String own = "Bearer " + tokenOf.get(owner);
        String theirs = "Bearer " + tokenOf.get(other);
        List<Probe> probes = new ArrayList<>();
        probes.add(get(http, "no token", base + "/campaigns/" + campaign, null, 401));
        probes.add(get(http, "an unknown token", base + "/campaigns/" + campaign, "Bearer not-a-token", 401));
        probes.add(get(http, "Basic instead of Bearer", base + "/campaigns/" + campaign, "Basic " + tokenOf.get(owner), 401));
        probes.add(get(http, "another client's campaign", base + "/campaigns/" + campaign, theirs, 404));
        probes.add(get(http, "another client's call", base + "/calls/" + WebhookProbe.encode(attempt), theirs, 404));
        probes.add(get(http, "another client's listing", base + "/clients/" + owner + "/calls?since=0", theirs, 403));
        probes.add(get(http, "its own campaign", base + "/campaigns/" + campaign, own, 200));
        probes.add(get(http, "its own call", base + "/calls/" + WebhookProbe.encode(attempt), own, 200));
        probes.add(get(http, "its own listing", base + "/clients/" + owner + "/calls?since=0", own, 200));
        probes.add(get(http, "a listing without since", base + "/clients/" + owner + "/calls", own, 400));
        probes.add(get(http, "a since that is not a time", base + "/clients/" + owner + "/calls?since=yesterday", own, 400));
        probes.add(raw(stack, "a bad % escape", "/clients/" + owner + "/calls?since=%ZZ", own, 400));
        probes.add(send(http, "POST", "a write", base + "/campaigns/" + campaign, own, 405));
        return probes;
    }

    /** Keys of call-events records that a probe made: must be none. */
    public static List<String> storedProbeEvents(ProcessStack stack) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(stack.topics().callEvents().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && r.key().startsWith(ATTEMPT_PREFIX + ":")) {
                        keys.add(r.key());
                    }
                });
            }
        }
        return keys;
    }

    private static Probe probe(String what, int status, String text, WebhookProbe.Answer answer) {
        return new Probe(what, status, text, answer.status(), answer.body());
    }

    private static Probe get(HttpClient http, String what, String url, String authorization, int status) {
        return send(http, "GET", what, url, authorization, status);
    }

    private static Probe send(HttpClient http, String method, String what, String url, String authorization, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Probe("query API: " + what, status, null, response.statusCode(), response.body());
        } catch (Exception e) {
            return new Probe("query API: " + what, status, null, -1, e.toString());
        }
    }

    /** A GET sent on a plain socket: {@link URI} refuses to even build some of the URLs worth probing. */
    private static Probe raw(ProcessStack stack, String what, String pathAndQuery, String authorization, int status) {
        URI base = URI.create(stack.queryApiUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int code = Integer.parseInt(response.substring(9, 12));
            return new Probe("query API: " + what, status, null, code, response.substring(response.indexOf("\r\n\r\n") + 4));
        } catch (Exception e) {
            return new Probe("query API: " + what, status, null, -1, e.toString());
        }
    }

    private static Map<String, String> with(Map<String, String> form, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(form);
        changed.put(name, value);
        return changed;
    }

    private static Map<String, String> without(Map<String, String> form, String name) {
        Map<String, String> changed = new LinkedHashMap<>(form);
        changed.remove(name);
        return changed;
    }
}
