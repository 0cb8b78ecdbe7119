package com.dialer.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.avro.Disposition;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;
import com.dialer.bridge.BridgeConfig;
import com.dialer.bridge.StartedBridge;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.state.reads.api.ApiTokens;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

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
     * Replays that must change nothing whatever their age, and at any bridge: a finished call's hangup and answer
     * signed anew, then resent at a second bridge that shares the first's Redis after the nonce window — or after
     * {@code -Dsecurity.replayAfter} (an ISO-8601 duration, e.g. {@code PT10M}) — (409, no XML), and one callback
     * sent to both bridges (403 replayed at the second).
     *
     * @param finished an attempt of {@code client} that ended during the run
     */
    public static List<Probe> replays(ProcessStack stack, String client, String finished) throws InterruptedException {
        Duration replayAfter = Duration.parse(System.getProperty("security.replayAfter",
                ProcessStack.REPLAY_WINDOW.plusSeconds(1).toString()));
        WebhookProbe bridge = new WebhookProbe(stack.webhookBaseUrl(), stack.settings().sim().authToken());
        List<Probe> probes = new ArrayList<>();
        WebhookProbe.Callback hangup = bridge.signed(WebhookProbe.path("hangup", finished, client), WebhookProbe.hangup("completed"));
        Map<String, String> answered = with(WebhookProbe.hangup("in-progress"), "Event", "StartApp");
        answered.remove("HangupCause");
        answered.remove("HangupCauseCode");
        WebhookProbe.Callback answer = bridge.signed(WebhookProbe.path("answer", finished, client), answered);
        probes.add(probe("a finished call's hangup, signed anew", 409, "attempt already ended", bridge.post(hangup)));
        probes.add(probe("a finished call's answer, signed anew (no XML)", 409, "attempt already ended", bridge.post(answer)));

        // a second bridge behind the same public URL, sharing the first one's Redis, as a scaled-out deployment
        Map<String, String> env = new HashMap<>(stack.environment(Service.WEBHOOK_BRIDGE));
        env.put("BRIDGE_HTTP_PORT", "0");
        try (StartedBridge second = StartedBridge.start(BridgeConfig.from(env), new SimpleMeterRegistry())) {
            WebhookProbe other = new WebhookProbe("http://127.0.0.1:" + second.port(), stack.settings().sim().authToken());
            WebhookProbe.Callback ring = bridge.signed(WebhookProbe.path("machine", ATTEMPT_PREFIX + ":two:1", client),
                    with(with(answered, "Event", "MachineDetection"), "Machine", "false"));
            probes.add(probe("a callback at the first bridge", 200, "nothing to store", bridge.post(ring)));
            probes.add(probe("the same callback at a second bridge", 403, "signature replayed", other.post(ring)));
            Thread.sleep(replayAfter.toMillis());
            String later = " resent " + replayAfter.toSeconds() + " s later at the second bridge";
            probes.add(probe("the finished call's hangup" + later, 409, "attempt already ended", other.post(hangup)));
            probes.add(probe("the finished call's answer" + later, 409, "attempt already ended", other.post(answer)));
        }
        return probes;
    }

    /**
     * Records an upstream producer may send that must never be acted on: campaigns whose warm-up or bot URL points
     * inside (dead-lettered with the reason), a campaign id that would alias another client's keys (dead-lettered),
     * premium-rate and shared-cost numbers (ended INVALID with the reason, never dialed).
     */
    public static List<Probe> intake(ProcessStack stack, String client) throws Exception {
        TopicCatalog topics = stack.topics();
        List<Probe> probes = new ArrayList<>();
        Map<String, String> ssrf = new LinkedHashMap<>();
        ssrf.put("probe-ssrf-metadata", "https://169.254.169.254/latest/meta-data/");
        ssrf.put("probe-ssrf-loopback", "https://127.0.0.1:8083/connectors");
        ssrf.put("probe-ssrf-private", "https://10.0.0.7/admin");
        ssrf.put("probe-ssrf-http", "http://bots.example.com/warm");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, String> e : ssrf.entrySet()) {
                send(producer, topics.campaignCommands(), e.getKey(), create(e.getKey(), client, e.getValue(), null));
            }
            send(producer, topics.campaignCommands(), "probe-bot-loopback", create("probe-bot-loopback", client, null, "wss://[::1]/bot"));
            send(producer, topics.campaignCommands(), "evil}:X", create("evil}:X", client, null, null));
            send(producer, topics.campaignCommands(), "probe-premium", create("probe-premium", client, null, null));
            PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
            Map<String, String> numbers = Map.of(
                    "premium", phones.format(phones.getExampleNumberForType("GB", PhoneNumberType.PREMIUM_RATE), PhoneNumberFormat.E164),
                    "shared-cost", phones.format(phones.getExampleNumberForType("FR", PhoneNumberType.SHARED_COST), PhoneNumberFormat.E164));
            for (Map.Entry<String, String> n : numbers.entrySet()) {
                send(producer, topics.campaignContacts(), "probe-premium", Contact.newBuilder().setCampaignId("probe-premium")
                        .setContactId(n.getKey()).setPhoneNumber(n.getValue()).setCreatedAt(Instant.now()).build());
            }
            producer.flush();
        }
        Map<String, String> deadLettered = deadLetterReasons(stack, topics.dlq(topics.campaignCommands()).name(), 6);
        for (String campaign : ssrf.keySet()) {
            probes.add(reason("intake: a warm-up URL " + ssrf.get(campaign), deadLettered.get(campaign), "warmupUrl"));
        }
        probes.add(reason("intake: a bot stream URL on loopback", deadLettered.get("probe-bot-loopback"), "botStreamUrl"));
        probes.add(reason("intake: a campaign id that aliases keys", deadLettered.get("evil}:X"), "campaignId"));
        Map<String, CallOutcome> outcomes = outcomesOf(stack, "probe-premium", 2);
        for (String contact : List.of("premium", "shared-cost")) {
            CallOutcome o = outcomes.get(contact);
            probes.add(new Probe("intake: a " + contact + " number", 1, null,
                    o != null && o.getDisposition() == Disposition.INVALID && String.valueOf(o.getReason()).contains("not allowed") ? 1 : 0,
                    o == null ? "no outcome" : o.getDisposition() + ": " + o.getReason()));
        }
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
        probes.add(get(http, "the token's hash as a token", base + "/campaigns/" + campaign,
                "Bearer " + ApiTokens.hash(tokenOf.get(owner)), 401));
        probes.add(get(http, "bearer in lower case", base + "/campaigns/" + campaign, "bearer " + tokenOf.get(owner), 200));
        probes.add(raw(stack, "an id that aliases another client's key", "/calls/evil%7D:X", own, 400));
        probes.add(raw(stack, "a campaign id with a hash tag", "/campaigns/c%7B" + other + "%7D", own, 400));
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

    private static CampaignCommand create(String campaign, String client, String warmupUrl, String botStreamUrl) {
        RetryRule once = RetryRule.newBuilder().build();
        return CampaignCommand.newBuilder().setCommandId(campaign + "-create").setCampaignId(campaign).setClientId(client)
                .setType(CommandType.CREATE).setIssuedAt(Instant.now())
                .setSettings(CampaignSettings.newBuilder().setCallsPerMinute(60).setCallerId("+12015550100")
                        .setRetryPolicy(RetryPolicy.newBuilder().setBusy(once).setNoAnswer(once).setFailed(once).setMachine(once).build())
                        .setAnswer(AnswerSettings.newBuilder().setWarmupUrl(warmupUrl).setBotStreamUrl(botStreamUrl).build()).build())
                .build();
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)))
                .get(30, TimeUnit.SECONDS);
    }

    private static Probe reason(String what, String reason, String expected) {
        return new Probe(what, 1, null, reason != null && reason.contains(expected) ? 1 : 0, "dead-lettered: " + reason);
    }

    /** The DLQ reasons by record key, read until {@code wanted} records whose key starts with probe or evil came (60 s at most). */
    private static Map<String, String> deadLetterReasons(ProcessStack stack, String topic, int wanted) {
        Map<String, String> reasons = new HashMap<>();
        read(stack, topic, r -> {
            if (r.key() != null && (r.key().startsWith("probe") || r.key().startsWith("evil"))) {
                var header = r.headers().lastHeader(DeadLetterHeaders.REASON);
                reasons.put(r.key(), header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }, () -> reasons.size() >= wanted);
        return reasons;
    }

    private static Map<String, CallOutcome> outcomesOf(ProcessStack stack, String campaign, int wanted) {
        Topic<String, CallOutcome> topic = stack.topics().callOutcomes();
        Map<String, CallOutcome> outcomes = new HashMap<>();
        read(stack, topic.name(), r -> {
            if (campaign.equals(r.key())) {
                CallOutcome o = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
                outcomes.put(o.getContactId(), o);
            }
        }, () -> outcomes.size() >= wanted);
        return outcomes;
    }

    private static void read(ProcessStack stack, String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each,
                             java.util.function.BooleanSupplier done) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
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
