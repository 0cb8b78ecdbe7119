package com.dialer.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CommandType;
import com.dialer.avro.EventSource;
import com.dialer.avro.MachinePolicy;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;
import com.dialer.plivo.PlivoApiUrl;
import com.dialer.plivosim.OutcomeModel;
import com.dialer.plivosim.PlivoSimulator;
import com.dialer.plivosim.SimConfig;
import com.dialer.plivosim.WitnessStats;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.health.HealthReport;
import com.plivo.api.PlivoClient;
import com.plivo.api.models.call.Call;
import com.plivo.api.util.Utils;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.OkHttpClient;

/**
 * The bridge on the local stack (real Kafka) with signed callbacks from the Plivo simulator, placed
 * by the real plivo-java SDK, and callbacks of our own making: forged, unsigned, tampered, replayed,
 * malformed; a broker outage.
 */
@ExtendWith(LocalStackExtension.class)
class WebhookBridgeIT {
    private static final String TOKEN = SimConfig.DEFAULT_AUTH_TOKEN;
    private static final String BOT = "wss://bot.example.com/stream?campaign=camp-bot&codec=mulaw";
    private static final String DEFAULT_BOT = "wss://default-bot.example.com/s";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger NONCES = new AtomicInteger();
    /** Short, so a test can wait it out: what must hold at any age is proven past it. */
    private static final Duration REPLAY_WINDOW = Duration.ofSeconds(3);

    private LocalStack stack;
    private TopicCatalog catalog;
    private Map<String, String> settings;
    private SimpleMeterRegistry registry;
    private StartedBridge bridge;
    private PlivoSimulator sim;
    private KafkaProducer<String, byte[]> commands;
    private RedisClient redisClient;
    private RedisKeys keys;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    @BeforeEach
    void setUp(LocalStack stack) {
        this.stack = stack;
        String prefix = LocalStack.uniquePrefix("bridge");
        catalog = TopicCatalog.of(prefix, 3);
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(catalog.campaignCommands(), catalog.callEvents(), catalog.schemas()));
        }
        commands = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        // a record no one can decode comes first: it is skipped, the commands after it still count
        send("camp-bot", "not avro at all".getBytes(StandardCharsets.UTF_8));
        send("camp-bot", command("camp-bot", CommandType.CREATE, answer(BOT, "Hello & welcome <friend>",
                MachinePolicy.LEAVE_MESSAGE, "Sorry we missed you")));
        send("camp-hangup", command("camp-hangup", CommandType.CREATE, answer(BOT, null, MachinePolicy.CONNECT_BOT, null)));
        send("camp-hangup", command("camp-hangup", CommandType.UPDATE_SETTINGS, answer(BOT, null, MachinePolicy.HANGUP, null)));
        settings = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "TOPIC_PREFIX", prefix,
                "BRIDGE_HTTP_PORT", "0", "PLIVO_AUTH_TOKEN", TOKEN, "BRIDGE_PRODUCE_TIMEOUT_MS", "1500",
                "BRIDGE_MAX_BODY_BYTES", "4096", "DEFAULT_BOT_STREAM_URL", DEFAULT_BOT, "DEFAULT_GREETING", "Hello"));
        settings.putAll(Map.of("REDIS_URI", stack.redis().uri(), "REDIS_KEY_PREFIX", prefix + ":",
                "BRIDGE_REPLAY_WINDOW_SECONDS", Long.toString(REPLAY_WINDOW.toSeconds())));
        keys = new RedisKeys(prefix + ":");
        redisClient = RedisClient.create(stack.redis().uri());
        registry = new SimpleMeterRegistry();
        bridge = StartedBridge.start(BridgeConfig.from(settings), registry);
    }

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
        bridge.close();
        commands.close();
        redisClient.shutdown();
        http.close();
    }

    @Test
    void signedCallbacksOfSimulatedCallsBecomeCallEventsWithOneEventIdPerCallback() throws Exception {
        // a simulated second lasts 10 ms; every call asks for machine detection; GET for half of them
        sim = PlivoSimulator.start(SimConfig.defaults().withCallsPerSecond(200).withTimeScale(0.01)
                .withOutcomes(new OutcomeModel(0.4, 0.15, 0.15, 0.1, 0.2, 1, 8, 2, 10)));
        sim.faults().callbackDuplicateRate(0.3);
        PlivoClient plivo = PlivoApiUrl.client(sim.config().authId(), TOKEN, sim.apiUrl(), new OkHttpClient.Builder());
        int calls = 30;
        List<String> attempts = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String attempt = "camp-bot:contact-" + i + ":1";
            attempts.add(attempt);
            String method = i % 2 == 0 ? "GET" : "POST";
            Call.creator("+14155550100", List.of("+1415555" + String.format("%04d", 1000 + i)), url("answer", attempt))
                    .answerMethod(method).ringUrl(url("ring", attempt)).ringMethod(method)
                    .hangupUrl(url("hangup", attempt)).hangupMethod(method)
                    .machineDetection("true").machineDetectionUrl(url("machine", attempt)).machineDetectionMethod(method)
                    .timeLimit(600L).ringTimeout(30L)
                    .client(plivo).create();
        }

        await().atMost(WAIT).until(() -> sim.stats().endedCalls() == calls);
        await().atMost(WAIT).until(() -> finalEvents(eventsNow()).size() == calls);
        // the simulator sends a duplicate right after the original: let the last ones land
        Thread.sleep(500);
        List<CallEvent> events = eventsNow();
        WitnessStats witness = sim.stats();

        assertThat(events).allSatisfy(e -> {
            assertThat(e.getSource()).isEqualTo(EventSource.WEBHOOK);
            assertThat(e.getClientId()).isEqualTo("client-1");
            assertThat(e.getCampaignId()).isEqualTo("camp-bot");
            assertThat(e.getPlivoCallUuid()).isNotNull();
            assertThat(e.getHangupCauseCode()).as("the simulator accepted every answer XML")
                    .matches(code -> code == null || code != 7011);
        });
        Map<String, CallEvent> finals = finalEvents(events);
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(attempts);
        Map<String, Long> byOutcome = finals.values().stream().collect(Collectors.groupingBy(
                e -> e.getStatus() == CallStatus.CANCELLED ? "cancel" : e.getStatus().name().toLowerCase().replace('_', '-'),
                Collectors.counting()));
        assertThat(byOutcome).isEqualTo(witness.callsByOutcome());
        for (String attempt : attempts) {
            Set<CallStatus> statuses = events.stream().filter(e -> e.getAttemptId().equals(attempt))
                    .map(CallEvent::getStatus).collect(Collectors.toSet());
            assertThat(statuses).as(attempt).contains(CallStatus.RINGING);
        }
        // a machine is a live call until its hangup: never a final state that would free the slot early
        assertThat(events).noneMatch(e -> e.getStatus() == CallStatus.MACHINE);
        List<CallEvent> machines = events.stream().filter(e -> Boolean.TRUE.equals(e.getMachineDetected())).toList();
        assertThat(machines).allSatisfy(e -> assertThat(e.getStatus()).isEqualTo(CallStatus.IN_PROGRESS));
        // one event id per callback: duplicates repeat it, different callbacks never share it
        Map<String, Set<String>> callbackOfEventId = events.stream().collect(Collectors.groupingBy(CallEvent::getEventId,
                Collectors.mapping(WebhookBridgeIT::callbackOf, Collectors.toSet())));
        assertThat(callbackOfEventId.values()).allSatisfy(c -> assertThat(c).hasSize(1));
        long distinctCallbacks = events.stream().map(WebhookBridgeIT::callbackOf).distinct().count();
        assertThat(callbackOfEventId).hasSize((int) distinctCallbacks);
        assertThat(events.size()).as("duplicates arrived").isGreaterThan((int) distinctCallbacks);
        assertThat(count("forbidden") + count("bad_request") + count("unavailable")).isZero();
        assertThat(count("accepted")).isEqualTo(events.size());
        System.out.printf("simulated calls: %d calls, %d callbacks stored, %d distinct, %d machines, outcomes %s%n", calls,
                events.size(), distinctCallbacks, machines.size(), witness.callsByOutcome());
    }

    @Test
    void answerXmlFollowsTheCampaignItsMachinePolicyAndLiveUpdates() throws Exception {
        assertThat(bridge.answerSettings("camp-bot").getBotStreamUrl()).as("read before serving").isEqualTo(BOT);
        assertThat(bridge.answerSettings("camp-hangup").getMachinePolicy()).isEqualTo(MachinePolicy.HANGUP);

        HttpResponse<String> human = http.send(signedPost("answer", query("a-1", "camp-bot"), answerParams("u-1", null), TOKEN),
                HttpResponse.BodyHandlers.ofString());
        assertThat(human.statusCode()).isEqualTo(200);
        assertThat(human.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/xml"));
        List<Element> verbs = verbs(human.body());
        assertThat(verbs).extracting(Element::getTagName).containsExactly("Speak", "Stream");
        assertThat(verbs.get(0).getTextContent()).isEqualTo("Hello & welcome <friend>");
        assertThat(verbs.get(1).getTextContent()).isEqualTo(BOT);
        assertThat(verbs.get(1).getAttribute("extraHeaders")).isEqualTo("attemptId=a-1,campaignId=camp-bot");

        HttpResponse<String> machine = http.send(signedPost("answer", query("a-2", "camp-bot"), answerParams("u-2", "true"), TOKEN),
                HttpResponse.BodyHandlers.ofString());
        assertThat(verbs(machine.body())).extracting(Element::getTagName).containsExactly("Speak", "Hangup");
        assertThat(verbs(machine.body()).get(0).getTextContent()).isEqualTo("Sorry we missed you");

        HttpResponse<String> hangup = http.send(signedPost("answer", query("a-3", "camp-hangup"), answerParams("u-3", "true"), TOKEN),
                HttpResponse.BodyHandlers.ofString());
        assertThat(verbs(hangup.body())).extracting(Element::getTagName).containsExactly("Hangup");

        HttpResponse<String> unknown = http.send(signedPost("answer", query("a-4", "camp-unknown"), answerParams("u-4", null), TOKEN),
                HttpResponse.BodyHandlers.ofString());
        List<Element> fallback = verbs(unknown.body());
        assertThat(fallback).extracting(Element::getTagName).containsExactly("Speak", "Stream");
        assertThat(fallback.get(1).getTextContent()).isEqualTo(DEFAULT_BOT);

        send("camp-hangup", command("camp-hangup", CommandType.UPDATE_SETTINGS,
                answer("wss://new-bot.example.com/s", null, MachinePolicy.CONNECT_BOT, null)));
        await().atMost(WAIT).until(() -> bridge.answerSettings("camp-hangup").getMachinePolicy() == MachinePolicy.CONNECT_BOT);
        HttpResponse<String> updated = http.send(signedPost("answer", query("a-5", "camp-hangup"), answerParams("u-5", "true"), TOKEN),
                HttpResponse.BodyHandlers.ofString());
        assertThat(verbs(updated.body())).extracting(Element::getTextContent).containsExactly("wss://new-bot.example.com/s");

        Map<String, Boolean> machineOf = eventsNow().stream().peek(e -> assertThat(e.getStatus()).isEqualTo(CallStatus.IN_PROGRESS))
                .collect(Collectors.toMap(CallEvent::getAttemptId, e -> Boolean.TRUE.equals(e.getMachineDetected())));
        assertThat(machineOf).isEqualTo(Map.of("a-1", false, "a-2", true, "a-3", true, "a-4", false, "a-5", true));
    }

    @Test
    void forgedUnsignedTamperedMovedAndReplayedCallbacksAre403AndStoreNothing() throws Exception {
        Map<String, String> q = query("sec-1", "camp-bot");
        Map<String, String> hangup = hangupParams("u-sec", "completed");

        HttpRequest signed = signedPost("hangup", q, hangup, TOKEN);
        HttpRequest unsigned = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/plivo/hangup?" + form(q)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(hangup))).build();
        HttpRequest forged = signedPost("hangup", q, hangup, "someone-elses-token");
        Map<String, String> busy = hangupParams("u-sec", "busy");
        HttpRequest tampered = copyWithBody(signedPost("hangup", q, hangup, TOKEN), form(busy));
        HttpRequest moved = copyToUrl(signedPost("hangup", query("sec-2", "camp-bot"), hangup, TOKEN),
                bridge.baseUrl() + "/plivo/hangup?" + form(q));

        for (HttpRequest refused : List.of(unsigned, forged, tampered, moved)) {
            HttpResponse<String> r = http.send(refused, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        }
        assertThat(http.send(signed, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = http.send(signed, HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(replayed.body()).contains("replayed");

        List<CallEvent> events = eventsNow();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getAttemptId()).isEqualTo("sec-1");
        assertThat(events.get(0).getStatus()).isEqualTo(CallStatus.COMPLETED);
        assertThat(count("forbidden")).isEqualTo(5);
    }

    @Test
    void aCallbackNamingAnotherClientForACampaignsAttemptIs403AndAnotherClientsSettingsAreIgnored() throws Exception {
        // client-2 signs (with its own account's token, here the shared one) a hangup for an attempt of client-1's campaign
        Map<String, String> q = query("camp-bot:c-9:1", "camp-bot");
        q.put("client", "client-2");
        HttpResponse<String> r = http.send(signedPost("hangup", q, hangupParams("u-other", "completed"), TOKEN),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("attempt of another client");

        CampaignCommand takeover = command("camp-bot", CommandType.UPDATE_SETTINGS,
                answer("wss://takeover.example.com/s", null, MachinePolicy.CONNECT_BOT, null));
        takeover.setClientId("client-2");
        send("camp-bot", takeover);
        send("camp-marker", command("camp-marker", CommandType.CREATE, answer(BOT, null, MachinePolicy.HANGUP, null)));
        await().atMost(WAIT).until(() -> bridge.answerSettings("camp-marker").getBotStreamUrl().equals(BOT));
        assertThat(bridge.answerSettings("camp-bot").getBotStreamUrl()).isEqualTo(BOT);

        Map<String, String> own = query("camp-bot:c-9:1", "camp-bot");
        assertThat(http.send(signedPost("hangup", own, hangupParams("u-own", "completed"), TOKEN),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(eventsNow()).extracting(CallEvent::getClientId).containsExactly("client-1");
    }

    @Test
    void aReplayAfterTheNonceWindowChangesNothingAndGetsNoBotStreamUrl() throws Exception {
        Map<String, String> q = query("late-1", "camp-bot");
        HttpRequest answer = signedPost("answer", q, answerParams("u-late", null), TOKEN);
        HttpRequest hangup = signedPost("hangup", q, hangupParams("u-late", "completed"), TOKEN);
        HttpResponse<String> answered = http.send(answer, HttpResponse.BodyHandlers.ofString());
        assertThat(answered.body()).contains("<Stream");
        assertThat(http.send(hangup, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // what the status-processor writes when it projects the hangup: the attempt ended
        try (var redis = redisClient.connect()) {
            redis.sync().hset(keys.attempt("client-1", "late-1"), Map.of("state", "COMPLETED", "finalStatus", "COMPLETED"));
        }

        Thread.sleep(REPLAY_WINDOW.plusMillis(500).toMillis());
        HttpResponse<String> lateAnswer = http.send(answer, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> lateHangup = http.send(hangup, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> freshNonce = http.send(signedPost("answer", q, answerParams("u-late", null), TOKEN),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> r : List.of(lateAnswer, lateHangup, freshNonce)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(r.body()).doesNotContain("<Stream").doesNotContain("bot.example.com");
        }
        assertThat(lateAnswer.body()).contains("attempt already ended");
        assertThat(eventsNow()).extracting(CallEvent::getStatus).containsExactly(CallStatus.IN_PROGRESS, CallStatus.COMPLETED);
        assertThat(count("conflict")).isEqualTo(3);
    }

    @Test
    void aLiveCallIsAnsweredOnceWhateverTheNonce() throws Exception {
        Map<String, String> q = query("once-1", "camp-bot");
        assertThat(http.send(signedPost("answer", q, answerParams("u-once", null), TOKEN), HttpResponse.BodyHandlers.ofString())
                .body()).contains("<Stream");
        Thread.sleep(REPLAY_WINDOW.plusMillis(500).toMillis());

        HttpResponse<String> second = http.send(signedPost("answer", q, answerParams("u-once", null), TOKEN),
                HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(second.body()).contains("call already answered").doesNotContain("bot.example.com");
        assertThat(eventsNow()).hasSize(1);
    }

    @Test
    void theSameCallbackAtTwoBridgesIsStoredOnce() throws Exception {
        // two bridges behind one public URL, as behind a load balancer: Plivo signs the public URL
        String publicBase = "https://hooks.example.com/dialer";
        bridge.close();
        settings.put("WEBHOOK_PUBLIC_BASE_URL", publicBase);
        bridge = StartedBridge.start(BridgeConfig.from(settings), registry);
        try (StartedBridge second = StartedBridge.start(BridgeConfig.from(settings), new SimpleMeterRegistry())) {
            Map<String, String> q = query("two-1", "camp-bot");
            HttpRequest signed = signedPost("ring", q, ringParams("u-two"), TOKEN);
            String pathAndQuery = signed.uri().toString().substring(publicBase.length());
            HttpRequest atFirst = copyToUrl(signed, "http://127.0.0.1:" + bridge.port() + pathAndQuery);
            HttpRequest atSecond = copyToUrl(signed, "http://127.0.0.1:" + second.port() + pathAndQuery);

            assertThat(http.send(atFirst, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> replayed = http.send(atSecond, HttpResponse.BodyHandlers.ofString());
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(403);
            assertThat(replayed.body()).contains("replayed");
        }
        assertThat(eventsNow()).hasSize(1);
    }

    @Test
    void malformedCallbacksAre400WithAReasonAndStoreNothing() throws Exception {
        Map<String, String> ring = Map.of("CallUUID", "u-bad", "RequestUUID", "r-bad", "CallStatus", "ringing", "Event", "Ring");
        Map<String, String> noAttempt = new LinkedHashMap<>(Map.of("client", "client-1"));
        assertBadRequest(signedPost("ring", noAttempt, ring, TOKEN), "attemptId missing");
        assertBadRequest(signedPost("ring", Map.of("attemptId", "bad-1"), ring, TOKEN), "client missing");
        Map<String, String> unknownStatus = new HashMap<>(ring);
        unknownStatus.put("CallStatus", "answered");
        assertBadRequest(signedPost("ring", query("bad-1", "camp-bot"), unknownStatus, TOKEN), "unknown CallStatus 'answered'");
        Map<String, String> big = new HashMap<>(ring);
        big.put("CallerName", "x".repeat(5000));
        assertBadRequest(signedPost("ring", query("bad-1", "camp-bot"), big, TOKEN), "over the limit of 4096");
        String url = bridge.baseUrl() + "/plivo/ring?" + form(query("bad-1", "camp-bot"));
        assertBadRequest(rawPost(url, "application/x-www-form-urlencoded", "CallUUID=u&CallStatus=%zzringing"), "bad percent escape");
        assertBadRequest(rawPost(url, "application/x-www-form-urlencoded", "CallUUID=u&CallerName=%C3%28"), "not UTF-8");
        assertBadRequest(rawPost(url, "application/json", "{\"CallStatus\":\"ringing\"}"), "must be application/x-www-form-urlencoded");
        // refused after its headers while the client is still sending: the 400 must still reach it
        String slow = slowUpload("/plivo/ring?" + form(query("bad-1", "camp-bot")), 2_000_000);
        assertThat(slow).startsWith("HTTP/1.1 400").contains("body of 2000000 bytes, over the limit of 4096");

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
        assertThat(get("/plivo/transfer?attemptId=bad-1").statusCode()).isEqualTo(404);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);

        assertThat(eventsNow()).isEmpty();
        assertThat(count("bad_request")).isEqualTo(8);
    }

    @Test
    void aBrokerOutageAnswers503AndTheRetryAfterwardsIsStoredOnceLosingNothing() throws Exception {
        Map<String, String> q = query("outage-1", "camp-bot");
        assertThat(http.send(signedPost("ring", q, ringParams("u-out"), TOKEN), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        assertThat(bridge.kafkaReachable()).isTrue();

        HttpRequest hangup = signedPost("hangup", q, hangupParams("u-out", "completed"), TOKEN);
        HttpResponse<String> during;
        boolean reachableDuring;
        long tookMillis;
        try {
            stack.kafka().stop();
            long t0 = System.nanoTime();
            during = http.send(hangup, HttpResponse.BodyHandlers.ofString());
            tookMillis = (System.nanoTime() - t0) / 1_000_000;
            reachableDuring = bridge.health().ready().up();
        } finally {
            stack.kafka().startAgain();
        }
        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        assertThat(reachableDuring).as("readiness while the broker is down").isFalse();

        // Plivo tries again: the very same request (same nonce) until it gets a 200
        int tries = 0;
        HttpResponse<String> retried;
        long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            retried = http.send(hangup, HttpResponse.BodyHandlers.ofString());
            tries++;
            if (retried.statusCode() != 200) {
                Thread.sleep(500);
            }
        } while (retried.statusCode() == 503 && System.nanoTime() < deadline);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);

        List<CallEvent> events = eventsNow();
        assertThat(events).extracting(CallEvent::getStatus).containsExactly(CallStatus.RINGING, CallStatus.COMPLETED);
        assertThat(events).extracting(CallEvent::getEventId).doesNotHaveDuplicates();
        assertThat(count("unavailable")).isGreaterThanOrEqualTo(1);
        System.out.printf("broker outage: 503 after %d ms; stored after restart on retry %d%n", tookMillis, tries);
    }

    @Test
    void thePublicPortServesCallbacksOnlyHealthAndMetricsAreForTheManagementPort() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(404);
        assertThat(get("/metrics").statusCode()).isEqualTo(404);
        HealthReport ready = bridge.health().ready();
        assertThat(ready.up()).isTrue();
        assertThat(ready.checks()).containsOnlyKeys("kafka", "redis");
        http.send(signedPost("ring", query("m-1", "camp-bot"), ringParams("u-m"), TOKEN), HttpResponse.BodyHandlers.ofString());

        assertThat(count("accepted")).isEqualTo(1);
        assertThat(registry.get("dialer.bridge.campaign.settings").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("dialer.bridge.produce.latency").timer().count()).isEqualTo(1);
    }

    @Test
    void measuresSignedCallbacksPerSecondAndResponseTimes() throws Exception {
        int warmUpCount = 300;
        int ringCount = 2_000;
        int answerCount = 300;
        List<HttpRequest> warmUp = new ArrayList<>();
        for (int i = 0; i < warmUpCount; i++) {
            warmUp.add(signedPost("hangup", query("load-" + i, "camp-bot"), hangupParams("u-load-" + i, "completed"), TOKEN));
        }
        List<HttpRequest> rings = new ArrayList<>();
        for (int i = 0; i < ringCount; i++) {
            rings.add(signedPost("ring", query("load-" + i, "camp-bot"), ringParams("u-load-" + i), TOKEN));
        }
        List<HttpRequest> answers = new ArrayList<>();
        for (int i = 0; i < answerCount; i++) {
            answers.add(signedPost("answer", query("load-" + i, "camp-bot"), answerParams("u-load-" + i, null), TOKEN));
        }
        measure("warm-up (hangup callbacks)", warmUp, 32);
        measure("ring callbacks", rings, 32);
        measure("answer callbacks (XML)", answers, 32);
        assertThat(eventsNow()).hasSize(warmUpCount + ringCount + answerCount);
    }

    private void measure(String what, List<HttpRequest> requests, int concurrency) throws Exception {
        long[] nanos = new long[requests.size()];
        Semaphore inFlight = new Semaphore(concurrency);
        List<Future<Integer>> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        long t0 = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests.size() && System.nanoTime() < deadline; i++) {
                int n = i;
                inFlight.acquire();
                statuses.add(senders.submit(() -> {
                    try {
                        long start = System.nanoTime();
                        int status = http.send(requests.get(n), HttpResponse.BodyHandlers.discarding()).statusCode();
                        nanos[n] = System.nanoTime() - start;
                        return status;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(200);
        }
        assertThat(statuses).hasSize(requests.size());
        long[] sorted = Arrays.stream(nanos).sorted().toArray();
        System.out.printf("%s: %d in %.2f s = %.0f/s with %d concurrent; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                requests.size(), seconds, requests.size() / seconds, concurrency, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    // ---- callbacks of our own making

    private String url(String kind, String attempt) {
        return bridge.baseUrl() + "/plivo/" + kind + "?" + form(query(attempt, "camp-bot"));
    }

    private static Map<String, String> query(String attempt, String campaign) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("attemptId", attempt);
        q.put("client", "client-1");
        q.put("campaign", campaign);
        return q;
    }

    private static Map<String, String> ringParams(String callUuid) {
        return new HashMap<>(Map.of("CallUUID", callUuid, "RequestUUID", "r-" + callUuid, "CallStatus", "ringing", "Event", "Ring",
                "From", "+14155550100", "To", "+14155550101", "Direction", "outbound"));
    }

    private static Map<String, String> answerParams(String callUuid, String machine) {
        Map<String, String> p = ringParams(callUuid);
        p.put("CallStatus", "in-progress");
        p.put("Event", "StartApp");
        if (machine != null) {
            p.put("Machine", machine);
        }
        return p;
    }

    private static Map<String, String> hangupParams(String callUuid, String status) {
        Map<String, String> p = ringParams(callUuid);
        p.putAll(Map.of("CallStatus", status, "Event", "Hangup", "HangupCause", "NORMAL_CLEARING", "HangupCauseCode", "4000",
                "Duration", "30", "BillDuration", "60"));
        return p;
    }

    private HttpRequest signedPost(String kind, Map<String, String> query, Map<String, String> params, String token) throws Exception {
        String url = bridge.baseUrl() + "/plivo/" + kind + "?" + form(query);
        String nonce = Long.toString(System.nanoTime()) + NONCES.incrementAndGet();
        String signature = Utils.computeSignatureV3(url, nonce, token, "POST", new HashMap<>(params));
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Plivo-Signature-V3", signature)
                .header("X-Plivo-Signature-V3-Nonce", nonce)
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build();
    }

    private static HttpRequest copyWithBody(HttpRequest signed, String body) {
        return HttpRequest.newBuilder(signed, (name, value) -> true).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest copyToUrl(HttpRequest signed, String url) {
        return HttpRequest.newBuilder(signed, (name, value) -> true).uri(URI.create(url)).build();
    }

    private HttpRequest rawPost(String url, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * A form upload of {@code length} bytes sent in 64 KB pieces a few milliseconds apart, as a slow
     * link would; returns the whole answer. A server that answers early and closes with the body
     * unread resets the connection, and the client's next write or read fails.
     */
    private String slowUpload(String pathAndQuery, int length) throws Exception {
        URI base = URI.create(bridge.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[64 * 1024];
            Arrays.fill(piece, (byte) 'x');
            for (int sent = 0; sent < length; sent += piece.length) {
                out.write(piece, 0, Math.min(piece.length, length - sent));
                out.flush();
                Thread.sleep(3);
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void assertBadRequest(HttpRequest request, String reason) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(reason);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static List<Element> verbs(String xml) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        List<Element> verbs = new ArrayList<>();
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                verbs.add(e);
            }
        }
        return verbs;
    }

    private long count(String result) {
        return (long) registry.find("dialer.bridge.callbacks").tag("result", result).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    // ---- Kafka

    private void send(String key, byte[] value) {
        try {
            commands.send(new ProducerRecord<>(catalog.campaignCommands().name(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String key, CampaignCommand command) {
        send(key, catalog.campaignCommands().valueSerde().serializer().serialize(catalog.campaignCommands().name(), command));
    }

    private static AnswerSettings answer(String bot, String greeting, MachinePolicy policy, String message) {
        return AnswerSettings.newBuilder().setBotStreamUrl(bot).setGreeting(greeting).setMachinePolicy(policy)
                .setMachineMessage(message).setMachineDetection(true).build();
    }

    private static CampaignCommand command(String campaign, CommandType type, AnswerSettings answer) {
        RetryRule once = RetryRule.newBuilder().build();
        return CampaignCommand.newBuilder().setCommandId(campaign + "-" + type + "-" + System.nanoTime()).setCampaignId(campaign)
                .setClientId("client-1").setType(type).setIssuedAt(Instant.now())
                .setSettings(CampaignSettings.newBuilder().setCallsPerMinute(60).setCallerId("+14155550100")
                        .setRetryPolicy(RetryPolicy.newBuilder().setBusy(once).setNoAnswer(once).setFailed(once).setMachine(once).build())
                        .setAnswer(answer).build())
                .build();
    }

    /** Every event in call-events now: all partitions, read to their current end. */
    private List<CallEvent> eventsNow() {
        Topic<String, CallEvent> topic = catalog.callEvents();
        try (KafkaConsumer<String, CallEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), AvroSerde.of(CallEvent.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, CallEvent>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.forEach(r -> assertThat(r.key()).isEqualTo(r.value().getAttemptId()));
            records.sort((a, b) -> a.timestamp() != b.timestamp() ? Long.compare(a.timestamp(), b.timestamp())
                    : Long.compare(a.offset(), b.offset()));
            return records.stream().map(ConsumerRecord::value).toList();
        }
    }

    private static final Set<CallStatus> FINAL = Set.of(CallStatus.COMPLETED, CallStatus.BUSY, CallStatus.NO_ANSWER,
            CallStatus.FAILED, CallStatus.CANCELLED, CallStatus.TIMEOUT);

    /** Which callback an event stands for: machine detection and the answer both say IN_PROGRESS. */
    private static String callbackOf(CallEvent e) {
        return e.getAttemptId() + "/" + e.getStatus() + "/" + Boolean.TRUE.equals(e.getMachineDetected());
    }

    /** The hangup event of each attempt (machine detection only marks the live call; the hangup ends it). */
    private static Map<String, CallEvent> finalEvents(List<CallEvent> events) {
        Map<String, CallEvent> finals = new ConcurrentHashMap<>();
        events.stream().filter(e -> FINAL.contains(e.getStatus())).forEach(e -> finals.putIfAbsent(e.getAttemptId(), e));
        return finals;
    }
}
