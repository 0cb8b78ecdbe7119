package com.dialer.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.DialRequest;
import com.dialer.http.Reply;
import com.dialer.http.Routes;
import com.dialer.http.ServerSettings;
import com.dialer.http.WebServer;
import com.dialer.plivosim.OutcomeModel;
import com.dialer.plivosim.PlivoSimulator;
import com.dialer.plivosim.SimConfig;
import com.dialer.plivosim.WitnessStats;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.state.HotRetention;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.slots.Reservation;
import com.dialer.state.limits.Limits;
import com.dialer.state.limits.LiveLimits;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The executor on the local stack (real Kafka and Redis) against the Plivo simulator, measured by
 * the simulator's witness. The status-processor is not part of this test: a small webhook receiver
 * here releases a call's slot when its hangup callback arrives, as the status-processor does.
 */
@ExtendWith(LocalStackExtension.class)
class CallExecutorIT {
    private static final Duration WAIT = Duration.ofMinutes(3);

    private LocalStack stack;
    private TopicCatalog catalog;
    private RedisKeys keys;
    private String group;
    private PlivoSimulator sim;
    private WebServer webhooks;
    private RedisConnection connection;
    private SlotLeases slots;
    private LiveLimits limits;
    private final Map<String, List<Long>> releasesByClient = new ConcurrentHashMap<>();
    private final List<CallExecutorService> executors = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final Map<String, String> extraEnv = new HashMap<>();
    private int ringTimeoutSeconds = 30;

    @BeforeEach
    void setUp(LocalStack stack) {
        this.stack = stack;
        String prefix = LocalStack.uniquePrefix("executor");
        catalog = TopicCatalog.of(prefix, 4);
        keys = new RedisKeys(prefix);
        group = prefix + "group";
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(catalog.all());
        }
        connection = RedisConnection.open("REDIS_URI", stack.redis().uri());
        slots = new SlotLeases(connection, keys, new SlotLeases.Settings(Limits.defaults(), false, Duration.ofHours(1), Duration.ofMinutes(2)));
        limits = new LiveLimits(connection.sync(), keys, Limits.defaults());
        webhooks = WebServer.start(ServerSettings.of("webhooks", "127.0.0.1", 0), new Routes()
                .on("/plivo/", ex -> {
                    String kind = ex.path().substring("/plivo/".length());
                    Map<String, String> query = query(ex.rawQuery());
                    if (kind.equals("hangup")) {
                        releasesByClient.computeIfAbsent(query.get("client"), c -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
                        slots.release(new SlotHolder(query.get("client"), query.get("campaign"), query.get("attemptId")));
                    }
                    return Reply.of(200, "application/xml", kind.equals("answer") ? "<Response><Speak>Hi</Speak></Response>" : "");
                })
                .on("/warm", ex -> {
                    // 2 s of bot warm-up at the simulator's time scale
                    sleep(20);
                    return Reply.empty(204);
                }));
    }

    @AfterEach
    void tearDown() {
        executors.forEach(CallExecutorService::close);
        if (sim != null) {
            sim.close();
        }
        webhooks.close();
        connection.close();
    }

    @Test
    void threeExecutorsNeverExceedAnyClientsCapAndDialEveryAttemptOnce() {
        // a simulated second lasts 10 ms; 2 to 10 s of ringing, 5 to 30 s of talk
        sim = PlivoSimulator.start(SimConfig.defaults().withCallsPerSecond(1_000).withTimeScale(0.01)
                .withOutcomes(new OutcomeModel(0.6, 0.1, 0.15, 0.05, 0.1, 2, 10, 5, 30)));
        Map<String, Integer> caps = Map.of("client-a", 5, "client-b", 10, "client-c", 10, "client-d", 20);
        caps.forEach(limits::setClientCap);
        for (int i = 0; i < 3; i++) {
            executors.add(startExecutor(Duration.ofSeconds(1)));
        }
        // each client gets calls in proportion to its cap, so every cap stays saturated to the end
        // instead of the smallest client dialing alone for most of the run
        List<String> byShare = new ArrayList<>();
        caps.forEach((client, cap) -> byShare.addAll(Collections.nCopies(cap, client)));
        List<DialRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            requests.add(request("camp-" + (i % 7), "contact-" + i, byShare.get(i % byShare.size()), String.format("+1415%07d", i)));
        }
        long started = System.nanoTime();
        produce(requests);

        await().atMost(WAIT).until(() -> sim.stats().dials() == 2_000 && sim.stats().liveCalls() == 0
                && sim.stats().endedCalls() == 2_000);
        double seconds = (System.nanoTime() - started) / 1e9;

        WitnessStats stats = sim.stats();
        System.out.printf("executor e2e: 2000 dials in %.1f s; max simultaneous by client %s (caps %s); double dials %s; "
                + "release->next dial p50 %.1f ms p99 %.1f ms%n", seconds, stats.maxSimultaneousByClient(), caps,
                stats.attemptsDialedMoreThanOnce(), releaseToNextDial(0.5), releaseToNextDial(0.99));
        caps.forEach((client, cap) -> assertThat(stats.maxSimultaneousByClient().get(client))
                .as("max simultaneous calls of %s", client).isLessThanOrEqualTo(cap));
        // the caps must really press: every client gets close to its cap and some client reaches it
        // (all of a client's calls live at Plivo at one instant, none still warming up, is luck)
        caps.forEach((client, cap) -> assertThat(stats.maxSimultaneousByClient().get(client))
                .as("the test must press %s against its cap", client).isGreaterThanOrEqualTo(cap * 3 / 4));
        assertThat(caps.keySet()).as("some client at its cap").anyMatch(c -> stats.maxSimultaneousByClient().get(c).equals(caps.get(c)));
        assertThat(stats.attemptsDialedMoreThanOnce()).isEmpty();
        assertThat(stats.numbersDialedWhileLive()).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> caps.keySet().forEach(client ->
                assertThat(slots.active(client)).as("slots left to %s", client).isZero()));
        await().atMost(WAIT).until(() -> dialingEvents().size() == 2_000);
    }

    @Test
    void perNumberDailyCapsHoldUnderTwoExecutorsAndAttemptsOverThemWaitUndialed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        sim = PlivoSimulator.start(SimConfig.defaults().withCallsPerSecond(1_000).withTimeScale(0.01)
                .withOutcomes(new OutcomeModel(0.7, 0.1, 0.1, 0.05, 0.05, 1, 2, 1, 3)));
        Map<String, Integer> caps = Map.of("+14155550100", 10, "+14155550101", 6, "+12125550100", 5, "+12015550100", 4);
        java.nio.file.Path pools = dir.resolve("pools.json");
        java.nio.file.Files.writeString(pools, """
                {"client-cid": {"local": [
                  {"number": "+14155550100", "regions": ["US:415"], "dailyCap": 10},
                  {"number": "+14155550101", "regions": ["US:415"], "dailyCap": 6},
                  {"number": "+12125550100", "regions": ["US:212"], "dailyCap": 5},
                  {"number": "+12015550100", "dailyCap": 4}]}}""");
        extraEnv.put("CALLER_ID_POOLS_FILE", pools.toString());
        limits.setClientCap("client-cid", 20);
        executors.add(startExecutor(Duration.ofMillis(500)));
        executors.add(startExecutor(Duration.ofMillis(500)));
        List<DialRequest> requests = new ArrayList<>();
        Map<String, String> calleeArea = new HashMap<>();
        for (int i = 0; i < 47; i++) {
            // 30 callees in San Francisco, 12 in New York, 5 in London: more than the numbers' caps allow today
            String callee = i < 30 ? String.format("+1415867%04d", i) : i < 42 ? String.format("+1212906%04d", i) : String.format("+4420721930%02d", i);
            DialRequest r = request("cid", "contact-" + i, "client-cid", callee);
            r.setCallerId("");
            r.setCallerIdPool("local");
            calleeArea.put(r.getAttemptId(), callee.substring(0, callee.startsWith("+44") ? 3 : 5));
            requests.add(r);
        }
        produce(requests);

        int capacity = caps.values().stream().mapToInt(Integer::intValue).sum();
        await().atMost(WAIT).until(() -> sim.stats().dials() >= capacity && sim.stats().liveCalls() == 0);
        // the attempts over the caps wait: give them time to be wrongly dialed
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> sim.stats().dials() == capacity);

        List<com.dialer.plivosim.Witness.Dial> dials = sim.witness().dials();
        Map<String, Long> byFrom = new java.util.TreeMap<>();
        dials.forEach(d -> byFrom.merge(d.from(), 1L, Long::sum));
        System.out.printf("caller-ID pool: %d dials by from %s (caps %s); %d attempts waiting%n", dials.size(), byFrom, caps,
                requests.size() - dials.size());
        caps.forEach((number, cap) -> assertThat(byFrom.get(number)).as("dials from %s", number).isEqualTo(cap.longValue()));
        assertThat(sim.stats().dialsByCallerId()).isEqualTo(byFrom);
        assertThat(sim.stats().attemptsDialedMoreThanOnce()).isEmpty();
        // local presence: a callee is called from a number of its area, else from the default
        for (com.dialer.plivosim.Witness.Dial d : dials) {
            String area = calleeArea.get(d.attemptId());
            assertThat(d.from()).as("caller of %s", d.to()).isIn(switch (area) {
                case "+1415" -> List.of("+14155550100", "+14155550101", "+12015550100");
                case "+1212" -> List.of("+12125550100", "+12015550100");
                default -> List.of("+12015550100");
            });
        }
        // the call events name the number each call was made from; the waiting attempts have none (not failed, not lost)
        await().atMost(WAIT).until(() -> dialingEvents().size() == capacity);
        Map<String, String> fromByAttempt = new HashMap<>();
        dials.forEach(d -> fromByAttempt.put(d.attemptId(), d.from()));
        assertThat(dialingEvents()).allSatisfy(e -> {
            assertThat(e.getStatus()).isEqualTo(CallStatus.DIALING);
            assertThat(e.getCallerId()).isEqualTo(fromByAttempt.get(e.getAttemptId()));
        });
        assertThat(metrics.counter("dialer.executor.reservations.denied", "reason", "caller-id-cap").count()).isPositive();
        await().atMost(WAIT).untilAsserted(() -> assertThat(slots.active("client-cid")).as("slots held by waiting attempts").isZero());
    }

    /** A campaign of a client, with its own cap as its requests carry it (null: none) and, optionally, a live one. */
    private record CappedCampaign(String client, String campaign, Integer carriedCap, Integer liveCap) {
        Integer capInForce() {
            return liveCap != null ? liveCap : carriedCap;
        }
    }

    @Test
    void campaignCapsAndClientCapsBothHoldAtThePlivoBoundaryUnderTwoExecutors() {
        // 2 to 4 s of ringing, 3 to 10 s of talk at 10 ms a simulated second: short calls, so every cap saturates
        sim = PlivoSimulator.start(SimConfig.defaults().withCallsPerSecond(1_000).withTimeScale(0.01)
                .withOutcomes(new OutcomeModel(0.7, 0.1, 0.1, 0.05, 0.05, 2, 4, 3, 10)));
        Map<String, Integer> clientCaps = Map.of("client-p", 2, "client-q", 5, "client-r", 10);
        clientCaps.forEach(limits::setClientCap);
        List<CappedCampaign> campaigns = List.of(
                new CappedCampaign("client-p", "p-one", 1, null),
                new CappedCampaign("client-p", "p-seven", 7, null),     // above its client's cap: the client's binds
                new CappedCampaign("client-q", "q-two", 2, null),
                new CappedCampaign("client-q", "q-three", 3, null),
                new CappedCampaign("client-q", "q-none", null, null),
                new CappedCampaign("client-r", "r-seven", 7, null),
                new CappedCampaign("client-r", "r-lowered", 7, 3),      // lowered live after its requests were released
                new CappedCampaign("client-r", "r-none", null, null));  // uncapped: demand always above the client's cap
        for (CappedCampaign c : campaigns) {
            if (c.liveCap() != null) {
                limits.mirrorCampaignCap(c.client(), c.campaign(), c.liveCap());
            }
        }
        executors.add(startExecutor(Duration.ofMillis(500)));
        executors.add(startExecutor(Duration.ofMillis(500)));
        List<DialRequest> requests = new ArrayList<>();
        int perCampaign = 120;
        for (int i = 0; i < perCampaign; i++) {
            for (int c = 0; c < campaigns.size(); c++) {
                CappedCampaign campaign = campaigns.get(c);
                DialRequest r = request(campaign.campaign(), "k" + i, campaign.client(), String.format("+1415%03d%04d", 200 + c, i));
                r.setCampaignCap(campaign.carriedCap());
                requests.add(r);
            }
        }
        produce(requests);

        int total = requests.size();
        await().atMost(WAIT).until(() -> sim.stats().dials() == total && sim.stats().liveCalls() == 0
                && sim.stats().endedCalls() == total);
        WitnessStats stats = sim.stats();
        System.out.printf("two-level caps e2e: %d dials; max live by client %s (caps %s); by campaign %s; "
                        + "release->next dial p50 %.1f ms p99 %.1f ms%n", total, stats.maxSimultaneousByClient(), clientCaps,
                stats.maxSimultaneousByCampaign(), releaseToNextDial(0.5), releaseToNextDial(0.99));
        clientCaps.forEach((client, cap) -> {
            assertThat(stats.maxSimultaneousByClient().get(client)).as("max live of %s", client).isLessThanOrEqualTo(cap);
            assertThat(stats.maxSimultaneousByClient().get(client)).as("the test must press %s to its cap", client).isEqualTo(cap);
        });
        for (CappedCampaign c : campaigns) {
            int max = stats.maxSimultaneousByCampaign().get(c.campaign());
            int bound = c.capInForce() == null ? clientCaps.get(c.client()) : Math.min(c.capInForce(), clientCaps.get(c.client()));
            assertThat(max).as("max live of campaign %s", c.campaign()).isLessThanOrEqualTo(bound);
        }
        // the campaign caps that bind must really press too
        assertThat(stats.maxSimultaneousByCampaign().get("p-one")).isEqualTo(1);
        assertThat(stats.maxSimultaneousByCampaign().get("q-two")).isEqualTo(2);
        assertThat(stats.maxSimultaneousByCampaign().get("r-lowered")).isEqualTo(3);
        assertThat(stats.attemptsDialedMoreThanOnce()).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> {
            clientCaps.keySet().forEach(client -> assertThat(slots.active(client)).as("slots left to %s", client).isZero());
            campaigns.forEach(c -> assertThat(slots.active(c.client(), c.campaign())).as("slots left to %s", c.campaign()).isZero());
        });
    }

    @Test
    void unknownDialsAreSettledByAskingPlivoPlacedOnesKeptUnplacedOnesDialedAgainAndNoneTwice() {
        // 10% of Make-a-Call answered 503 after placing the call, 10% answered 503 without placing it
        sim = PlivoSimulator.start(SimConfig.defaults().withCallsPerSecond(1_000).withTimeScale(0.01)
                .withOutcomes(new OutcomeModel(0.6, 0.1, 0.15, 0.05, 0.1, 1, 3, 5, 30)));
        sim.faults().serverErrorAfterPlacingRate(0.1).serverErrorRate(0.1);
        ringTimeoutSeconds = 2;
        extraEnv.put("EXECUTOR_SETTLE_MARGIN_MS", "1000");
        extraEnv.put("EXECUTOR_SETTLE_POLL_MS", "500");
        extraEnv.put("EXECUTOR_MAX_UNPLACED_REDIALS", "5");
        Map<String, Integer> caps = Map.of("client-u", 4, "client-v", 6);
        caps.forEach(limits::setClientCap);
        executors.add(startExecutor(Duration.ofMillis(200)));
        executors.add(startExecutor(Duration.ofMillis(200)));
        List<DialRequest> requests = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            requests.add(request("camp-u", "contact-" + i, i % 2 == 0 ? "client-u" : "client-v", String.format("+1415666%04d", i)));
        }
        produce(requests);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(dialingEvents().stream().map(CallEvent::getAttemptId).distinct().count()).isEqualTo(requests.size());
            assertThat(executors.stream().mapToInt(e -> e.executor().outstanding()).sum()).isZero();
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> caps.keySet()
                .forEach(c -> assertThat(slots.active(c)).as("slots of %s", c).isZero()));

        WitnessStats stats = sim.stats();
        assertThat(stats.attemptsDialedMoreThanOnce()).as("attempts dialed twice").isEmpty();
        assertThat(stats.numbersDialedWhileLive()).isEmpty();
        caps.forEach((client, cap) -> assertThat(stats.maxSimultaneousByClient().getOrDefault(client, 0)).as(client).isLessThanOrEqualTo(cap));
        double placed = metrics.counter("dialer.executor.unknown.settled", "result", "placed").count();
        double notPlaced = metrics.counter("dialer.executor.unknown.settled", "result", "not_placed").count();
        assertThat(placed).as("unknowns found placed").isPositive();
        assertThat(notPlaced).as("unknowns proven not placed").isPositive();
        var latency = metrics.timer("dialer.executor.unknown.settle.latency").takeSnapshot();
        System.out.printf("unknown dials: %d 5xx after placing, %d 5xx not placed; settled placed %.0f, not placed %.0f; "
                        + "settle latency p50 %.0f ms, p99 %.0f ms, max %.0f ms; lookups live %d queued %d records %d%n",
                stats.serverErrorsAfterPlacing(), stats.serverErrorsNotPlaced(), placed, notPlaced,
                percentile(latency, 0.5), percentile(latency, 0.99), latency.max(java.util.concurrent.TimeUnit.MILLISECONDS),
                stats.liveLookups(), stats.queuedLookups(), stats.recordLookups());
        // every attempt ended either dialed (found or accepted) or failed with the reason: none left unknown
        assertThat(dialingEvents().stream().filter(e -> e.getStatus() == CallStatus.FAILED)
                .allMatch(e -> e.getReason() != null)).isTrue();
    }

    private static double percentile(io.micrometer.core.instrument.distribution.HistogramSnapshot s, double p) {
        for (var v : s.percentileValues()) {
            if (v.percentile() == p) {
                return v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    @Test
    void aRequestDeliveredTwiceOrAgainAfterACrashReachesPlivoOnce() {
        sim = PlivoSimulator.start(SimConfig.defaults().withCallsPerSecond(1_000).withTimeScale(0.01)
                .withOutcomes(OutcomeModel.alwaysAnswer(1, 3_000)));
        // commits only after an hour: a crash after the dial leaves every offset uncommitted
        CallExecutorService first = startExecutor(Duration.ofHours(1));
        DialRequest twice = request("camp-r", "contact-1", "client-r", "+14155550001");
        // delivered twice before the others, so it surely holds one of the cap's 10 slots
        produce(List.of(twice, twice));
        await().atMost(WAIT).until(() -> "ACCEPTED".equals(slots.dialState("client-r", twice.getAttemptId())));
        List<DialRequest> others = new ArrayList<>();
        for (int i = 2; i < 20; i++) {
            others.add(request("camp-r", "contact-" + i, "client-r", String.format("+1415555%04d", i)));
        }
        produce(others);
        await().atMost(WAIT).until(() -> sim.stats().dials() == 10);

        first.halt();
        executors.remove(first);
        CallExecutorService second = startExecutor(Duration.ofSeconds(1));
        executors.add(second);
        // the first ten calls end at their 600 s time limit (6 s here) and free the cap; only a dial guard stops the
        // second instance from dialing them again while it dials the other nine; it tells the pipeline of each first
        // dial once more (10 events from each instance, then the nine new dials)
        int firstDials = 10;
        int distinct = 1 + others.size();
        await().atMost(WAIT).until(() -> sim.stats().dials() >= distinct && sim.stats().liveCalls() == 0
                && executorEvents().size() >= 2 * firstDials + (distinct - firstDials));

        WitnessStats stats = sim.stats();
        assertThat(stats.dials()).as("every attempt dialed once, the first ten not again").isEqualTo(distinct);
        assertThat(stats.attemptsDialedMoreThanOnce()).isEmpty();
        assertThat(stats.numbersDialedWhileLive()).isEmpty();
        assertThat(slots.dialState("client-r", twice.getAttemptId())).isEqualTo("ACCEPTED");
        // the guard outlives every replay dial-requests' retention allows, and no longer (the default 30-day hot window)
        long guardTtl = connection.sync().pttl(keys.dialGuard("client-r", twice.getAttemptId()));
        assertThat(Duration.ofMillis(guardTtl)).isGreaterThan(TopicCatalog.EVENTS_RETENTION)
                .isLessThanOrEqualTo(HotRetention.dialGuardLife(Duration.ofDays(30)));
    }

    @Test
    void aRequestWhoseExecutorDiedBetweenReservingAndDialingIsDialedOnceWhenDeliveredAgain() {
        sim = PlivoSimulator.start(SimConfig.defaults().withCallsPerSecond(1_000).withTimeScale(0.01)
                .withOutcomes(OutcomeModel.alwaysAnswer(1, 5)));
        DialRequest orphan = request("camp-o", "contact-1", "client-o", "+14155550077");
        // a killed executor's footprint: reserved (guard RESERVED, a short lease), never marked DIALING
        assertThat(slots.reserve(DialAttempt.holderOf(orphan), null, Duration.ofMillis(500))).isInstanceOf(Reservation.Reserved.class);
        executors.add(startExecutor(Duration.ofMillis(200)));

        produce(List.of(orphan));

        await().atMost(WAIT).until(() -> sim.stats().dials() == 1);
        await().atMost(WAIT).until(() -> executorEvents().stream().anyMatch(e -> e.getStatus() == CallStatus.DIALING));
        assertThat(sim.stats().attemptsDialedMoreThanOnce()).isEmpty();
        assertThat(slots.dialState("client-o", orphan.getAttemptId())).isEqualTo("ACCEPTED");
    }

    @Test
    void aNumberPlivoRefusesFreesItsSlotAndFailsWithTheReasonAndGarbageGoesToTheDeadLetterTopic() throws Exception {
        sim = PlivoSimulator.start(SimConfig.defaults().withCallsPerSecond(1_000).withTimeScale(0.01)
                .withOutcomes(OutcomeModel.alwaysAnswer(1, 5)));
        limits.setClientCap("client-x", 1);
        executors.add(startExecutor(Duration.ofMillis(200)));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(catalog.dialRequests().name(), "junk", "{not avro}".getBytes())).get();
        }
        produce(List.of(request("camp-x", "bad", "client-x", "12345abc"), request("camp-x", "good", "client-x", "+14155550999")));

        await().atMost(WAIT).until(() -> sim.stats().dials() == 1);
        await().atMost(WAIT).until(() -> dialingEvents().stream().anyMatch(e -> e.getStatus() == CallStatus.FAILED));
        CallEvent failed = dialingEvents().stream().filter(e -> e.getStatus() == CallStatus.FAILED).findFirst().orElseThrow();
        assertThat(failed.getAttemptId()).isEqualTo("camp-x:bad:1");
        assertThat(failed.getReason()).contains("invalid to number");
        assertThat(slots.dialState("client-x", "camp-x:bad:1")).isEqualTo("REJECTED");

        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group + "-dlq", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(catalog.dlq(catalog.dialRequests()).name()));
            List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
            });
            assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value()))
                    .contains("not Avro single-object encoding");
            assertThat(new String(dead.get(0).value())).isEqualTo("{not avro}");
        }
    }

    private CallExecutorService startExecutor(Duration commitInterval) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("TOPIC_PREFIX", catalog.prefix());
        env.put("EXECUTOR_GROUP_ID", group);
        env.put("REDIS_URI", stack.redis().uri());
        env.put("REDIS_KEY_PREFIX", keys.prefix());
        env.put("PLIVO_AUTH_ID", sim.config().authId());
        env.put("PLIVO_AUTH_TOKEN", sim.config().authToken());
        env.put("PLIVO_API_URL", sim.apiUrl());
        env.put("WEBHOOK_BASE_URL", "http://127.0.0.1:" + webhooks.port());
        env.put("BOT_WARMUP_ENABLED", "true");
        env.put("BOT_WARMUP_TIMEOUT_MS", "2000");
        // the test's warm-up server is on loopback over http: allowed explicitly, as only a test stack may
        env.put("OUTBOUND_URL_SCHEMES", "http");
        env.put("OUTBOUND_URL_HOSTS", "127.0.0.1");
        env.put("EXECUTOR_SLOT_POLL_MS", "100");
        env.put("EXECUTOR_COMMIT_INTERVAL_MS", Long.toString(commitInterval.toMillis()));
        // these tests are about caps and redelivery: the start pacing has StartPacingIT
        env.put("MAX_CALLS_PER_MINUTE", "600000");
        env.put("RATE_LIMIT_BURST", "1000");
        env.putAll(extraEnv);
        ExecutorConfig config = ExecutorConfig.from(env);
        CallExecutorService service = new CallExecutorService(config,
                new PlivoSdkDialer(config.plivoAccounts(), config.plivoApiUrl()), metrics);
        executors.add(service);
        return service;
    }

    private DialRequest request(String campaign, String contact, String client, String phone) {
        return DialRequest.newBuilder().setAttemptId(campaign + ":" + contact + ":1").setCampaignId(campaign).setClientId(client)
                .setContactId(contact).setPhoneNumber(phone).setTimeZone("America/Los_Angeles").setAttemptNumber(1)
                .setCallerId("+14155550100").setRingTimeoutSeconds(ringTimeoutSeconds).setTimeLimitSeconds(600)
                .setAnswer(AnswerSettings.newBuilder().setWarmupUrl("http://127.0.0.1:" + webhooks.port() + "/warm").build())
                .setReleasedAt(Instant.now()).build();
    }

    private void produce(List<DialRequest> requests) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(), catalog.dialRequests().valueSerde().serializer())) {
            for (DialRequest r : requests) {
                producer.send(new ProducerRecord<>(catalog.dialRequests().name(), r.getAttemptId(), r));
            }
        }
    }

    /** One executor event per attempt and status, read from the topic. */
    private List<CallEvent> dialingEvents() {
        Set<String> seen = new HashSet<>();
        // a redelivered request tells its first dial again
        return executorEvents().stream().filter(e -> seen.add(e.getAttemptId() + e.getStatus())).toList();
    }

    /** Every executor event so far, read from the topic. */
    private List<CallEvent> executorEvents() {
        List<CallEvent> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), catalog.callEvents().valueSerde().deserializer())) {
            var partitions = consumer.partitionsFor(catalog.callEvents().name()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(r.value()));
            }
        }
        return events;
    }

    /** Time from a slot's release to the next dial of the same client, at a percentile, in ms. */
    private double releaseToNextDial(double percentile) {
        Map<String, List<Long>> dialsByClient = new HashMap<>();
        sim.witness().dials().forEach(d -> dialsByClient.computeIfAbsent(d.client(), c -> new ArrayList<>()).add(d.atNanos()));
        List<Double> gaps = new ArrayList<>();
        releasesByClient.forEach((client, releases) -> {
            List<Long> dials = dialsByClient.getOrDefault(client, List.of()).stream().sorted().toList();
            for (long release : releases) {
                dials.stream().filter(d -> d >= release).findFirst().ifPresent(d -> gaps.add((d - release) / 1e6));
            }
        });
        if (gaps.isEmpty()) {
            return Double.NaN;
        }
        gaps.sort(Double::compare);
        return gaps.get((int) Math.min(gaps.size() - 1, Math.floor(percentile * gaps.size())));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
