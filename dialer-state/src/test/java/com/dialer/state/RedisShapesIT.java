package com.dialer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.dialer.stack.FreePort;
import com.dialer.stack.LocalStack;
import com.dialer.stack.RedisCluster;
import com.dialer.stack.RedisSentinels;
import com.dialer.stack.RedisServer;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.ratelimit.GlobalRateLimiter;
import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.slots.Reservation;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;

import io.lettuce.core.cluster.SlotHash;

/**
 * The reservation and rate scripts on the three shapes of Redis (one node, a Sentinel-watched master, a
 * 3+3 cluster), all real {@code redis-server} processes, through the one {@link RedisConnection}.
 */
class RedisShapesIT {
    private static final Duration LEASE = Duration.ofMinutes(1);

    private static RedisServer standalone;
    private static RedisSentinels sentinels;
    private static RedisCluster cluster;

    @BeforeAll
    static void start() {
        standalone = RedisServer.start();
        sentinels = RedisSentinels.start();
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {cluster, sentinels, standalone}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
    }

    private static String uri(String shape) {
        return switch (shape) {
            case "standalone" -> standalone.uri();
            case "sentinel" -> sentinels.uri();
            case "cluster" -> cluster.uri();
            default -> throw new IllegalArgumentException(shape);
        };
    }

    private static RedisConnection open(String shape) {
        return RedisConnection.open(RedisEndpoint.parse("REDIS_URI", uri(shape)).withTimeout(Duration.ofSeconds(2)));
    }

    private static SlotLeases slots(RedisConnection redis, RedisKeys keys, int cap) {
        return new SlotLeases(redis, keys, new SlotLeases.Settings(new Limits(Limits.defaults().globalRate(), cap,
                ConfiguredClientLimits.NONE), false, Duration.ofMinutes(5), Duration.ofMinutes(2)));
    }

    /** What a fixed sequence of reservations, releases and rate charges answers, as text to compare. */
    private static List<String> script(RedisConnection redis) {
        RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("shapes"));
        SlotLeases slots = slots(redis, keys, 3);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(verdict(slots.reserve(new SlotHolder("acme", "camp", "a" + i), i == 3 ? null : 5, LEASE)));
        }
        answers.add(verdict(slots.reserve(new SlotHolder("acme", "camp", "a0"), null, LEASE)));
        answers.add("dialing " + slots.markDialing(new SlotHolder("acme", "camp", "a0"), LEASE));
        slots.settle(new SlotHolder("acme", "camp", "a0"), SlotLeases.DialVerdict.ACCEPTED, "req-1", LEASE);
        answers.add("renewed " + slots.renew(new SlotHolder("acme", "camp", "a0"), LEASE));
        answers.add("released " + slots.release(new SlotHolder("acme", "camp", "a1")));
        answers.add("released twice " + slots.release(new SlotHolder("acme", "camp", "a1")));
        answers.add(verdict(slots.reserve(new SlotHolder("acme", "camp", "a3"), null, LEASE)));
        answers.add("active " + slots.active("acme") + " in campaign " + slots.active("acme", "camp"));
        answers.add("guard " + slots.dialState("acme", "a0"));
        RateLimit limit = new RateLimit(10, Duration.ofMinutes(1), 3);
        GlobalRateLimiter rate = new GlobalRateLimiter(redis.sync());
        answers.add("granted " + rate.acquire(10, List.of(new RateBucket(keys.globalRate(), limit),
                new RateBucket(keys.campaignRate("c1"), new RateLimit(1, Duration.ofMinutes(1), 2)))).granted());
        answers.add("granted " + rate.acquire(1, List.of(new RateBucket(keys.globalRate(), limit))).granted());
        return answers;
    }

    private static String verdict(Reservation r) {
        return switch (r) {
            case Reservation.Reserved x -> "reserved " + x.active() + "/" + x.cap();
            case Reservation.Full x -> "full at " + x.level();
            case Reservation.Duplicate x -> "duplicate " + x.state();
            case Reservation.NotReady x -> "not ready";
        };
    }

    @Test
    void theReservationAndRateScriptsAnswerAlikeOnEveryShape() {
        Map<String, List<String>> byShape = new java.util.LinkedHashMap<>();
        for (String shape : List.of("standalone", "sentinel", "cluster")) {
            try (RedisConnection redis = open(shape)) {
                byShape.put(shape, script(redis));
            }
        }
        assertThat(byShape.get("standalone")).startsWith("reserved 1/3", "reserved 2/3", "reserved 3/3", "full at CLIENT",
                "duplicate RESERVED");
        assertThat(byShape.get("sentinel")).isEqualTo(byShape.get("standalone"));
        // on a cluster a script whose keys span two slots fails with CROSSSLOT: equal answers prove one slot per call
        assertThat(byShape.get("cluster")).isEqualTo(byShape.get("standalone"));
    }

    @Test
    void everyClientsKeysHashToTheClientsSlotAndTheRateKeysToOne() {
        RedisKeys keys = new RedisKeys("p:");
        int client = SlotHash.getSlot(keys.slots("acme"));
        for (String key : List.of(keys.limits("acme"), keys.dialGuard("acme", "camp:c:1"), keys.seeded("acme"),
                keys.campaignSlots("acme", "camp"), keys.campaignLimits("acme", "camp"))) {
            assertThat(SlotHash.getSlot(key)).as(key).isEqualTo(client);
        }
        assertThat(SlotHash.getSlot(keys.campaignRate("c1"))).isEqualTo(SlotHash.getSlot(keys.globalRate()));
        assertThat(SlotHash.getSlot(keys.slots("globex"))).isNotEqualTo(client);
    }

    @Test
    void everyOtherScriptRunsOnTheClusterItsKeysOnOneSlot() {
        // a script whose KEYS span two slots is refused by the cluster (CROSSSLOT): each call below would throw
        try (RedisConnection redis = open("cluster")) {
            var sync = redis.sync();
            RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("every"));
            var projection = new com.dialer.state.attempt.AttemptProjection(keys, Duration.ofMinutes(5));
            assertThat(projection.apply(sync, new com.dialer.state.attempt.AttemptProjection.Change("acme", "camp", "camp:c1:1", 1,
                    "DIALING", System.currentTimeMillis(), Map.of()))).isTrue();
            assertThat(projection.fillIn(sync, "acme", "camp:c1:1", Map.of("toNumber", "+12025550100"))).isNotNegative();

            var reseeding = new com.dialer.state.attempt.Reseeding(keys, Duration.ofMinutes(5));
            String token = reseeding.begin(sync, 0);
            assertThat(reseeding.restoreGuard(sync, "acme", "camp:c1:1")).isTrue();
            assertThat(reseeding.finish(sync, 0, token, 1, "it")).isEqualTo(com.dialer.state.attempt.Reseeding.Readiness.SEEDED);

            var guard = new com.dialer.state.callbacks.CallbackGuard(keys, Duration.ofMinutes(5), Duration.ofMinutes(5));
            guard.load(sync);
            assertThat(guard.admit(sync, "acme", "camp:c1:1", "nonce-1", "call-1").name()).isEqualTo("ACCEPTED");
            guard.forget(sync, "acme", "nonce-1", "call-1");

            var recipients = new com.dialer.state.recipients.RedisRecipientGuard(sync, keys);
            var attempt = new com.dialer.state.recipients.RecipientAttempt("+12025550100", "camp:c2:1");
            assertThat(recipients.claim("acme", List.of(attempt), 1, Duration.ofMinutes(1),
                    new com.dialer.state.recipients.CommunicationLimits(Duration.ZERO, 4, Duration.ofHours(48)))).hasSize(1);
            recipients.free("acme", List.of(attempt));

            assertThat(new com.dialer.state.ratelimit.RateShares(sync, keys, Duration.ofMinutes(1)).shareOf("task-0", 1.0)).isPositive();
            SlotLeases slots = new SlotLeases(redis, keys, new SlotLeases.Settings(new Limits(Limits.defaults().globalRate(), 3,
                    ConfiguredClientLimits.NONE), true, Duration.ofMinutes(5), Duration.ofSeconds(1)));
            SlotHolder h = new SlotHolder("acme", "camp", "camp:c3:1");
            assertThat(slots.reserve(h, null, LEASE)).as("adopted through prove-client.lua").isInstanceOf(Reservation.Reserved.class);
            slots.abandon(h);
            assertThat(slots.reserve(h, null, LEASE)).isInstanceOf(Reservation.Reserved.class);
            assertThat(slots.markDialing(h, LEASE)).isTrue();
            slots.settle(h, SlotLeases.DialVerdict.UNKNOWN, null, LEASE);
            assertThat(slots.confirmPlaced(h, "req-1", "call-1", LEASE)).isTrue();
        }
    }

    @Test
    void scriptsAreLoadedOnEveryClusterNode() {
        try (RedisConnection redis = open("cluster")) {
            slots(redis, new RedisKeys(LocalStack.uniquePrefix("load")), 3);
            String sha = LuaScript.fromResource("com/dialer/state/reserve-slot.lua").sha();
            for (RedisServer node : cluster.nodes()) {
                List<Boolean> exists = RedisCluster.withNode(node, r -> r.scriptExists(sha));
                assertThat(exists).as("node " + node.port()).containsExactly(true);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "sentinel", "cluster"})
    void aScriptCacheFlushedOnTheServingNodeIsReloadedOnNoscript(String shape) {
        try (RedisConnection redis = open(shape)) {
            RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("noscript"));
            SlotLeases slots = slots(redis, keys, 3);
            RedisServer serving = switch (shape) {
                case "standalone" -> standalone;
                case "sentinel" -> sentinels.master();
                default -> cluster.masterOf(SlotHash.getSlot(keys.slots("acme")));
            };
            RedisCluster.withNode(serving, r -> r.scriptFlush());

            assertThat(slots.reserve(new SlotHolder("acme", "camp", "a1"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
            assertThat(slots.release(new SlotHolder("acme", "camp", "a1"))).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "sentinel", "cluster"})
    void aReleaseIsAnnouncedToASubscriberWhateverNodeItListensOn(String shape) throws Exception {
        try (RedisConnection redis = open(shape)) {
            RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("pubsub"));
            SlotLeases slots = slots(redis, keys, 3);
            java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
            try (var releases = redis.connectPubSub()) {
                releases.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
                    @Override
                    public void message(String pattern, String channel, String attemptId) {
                        heard.add(channel + " " + attemptId);
                    }
                });
                releases.sync().psubscribe(keys.slotReleased("*"));
                // clients on different cluster shards: a PUBLISH on any node reaches the one subscribed
                for (String client : List.of("acme", "globex", "initech")) {
                    slots.reserve(new SlotHolder(client, "camp", "a1"), null, LEASE);
                    slots.release(new SlotHolder(client, "camp", "a1"));
                    assertThat(heard.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(keys.slotReleased(client) + " a1");
                }
            }
        }
    }

    @Test
    void aClusterUriWithOneDeadSeedConnectsThroughTheOthers() {
        int dead = FreePort.next();
        try (RedisConnection redis = RedisConnection.open("REDIS_URI", "redis-cluster://127.0.0.1:" + dead + ","
                + cluster.uri().substring("redis-cluster://".length()))) {
            assertThat(redis.sync().set("k{x}", "v")).isEqualTo("OK");
        }
    }

    @Test
    void anUnreachableSentinelOrClusterFailsOnceNamingTheKeyAndTheCause() {
        int dead = FreePort.next();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> RedisConnection.open("REDIS_URI", "redis-sentinel://app:s3cret@127.0.0.1:" + dead + "#mymaster"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("REDIS_URI: cannot connect to Redis (SENTINEL redis-sentinel://****@127.0.0.1:" + dead)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisConnection.open("REDIS_URI", "redis-cluster://127.0.0.1:" + dead + ",127.0.0.1:" + FreePort.next()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("REDIS_URI: cannot connect to Redis (CLUSTER redis-cluster://127.0.0.1:" + dead);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no retry loop").isLessThan(Duration.ofSeconds(30));
    }
}
