package com.dialer.state.reads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.state.RedisKeys;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

@ExtendWith(LocalStackExtension.class)
class TieredReaderIT {

    static final Instant ENDED = Instant.parse("2026-03-02T09:15:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration READ_BACK_TTL = Duration.ofMillis(700);

    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> connection;
    private RedisClusterCommands<String, String> redis;
    private MongoClient mongo;
    private MongoDatabase archive;
    private RedisKeys keys;
    private TieredReader reader;

    @BeforeEach
    void connect(LocalStack stack) {
        String prefix = LocalStack.uniquePrefix("reads");
        redisClient = RedisClient.create(stack.redis().uri());
        connection = redisClient.connect();
        redis = connection.sync();
        mongo = MongoClients.create(stack.mongo().connectionString());
        archive = mongo.getDatabase(prefix.replace('-', '_').replace('.', '_'));
        keys = new RedisKeys(prefix + ":");
        reader = new TieredReader(redis, archive, keys, new TieredReadConfig(READ_BACK_TTL, Duration.ofDays(30), 50),
                Clock.fixed(ENDED.plusSeconds(60), java.time.ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        connection.close();
        redisClient.shutdown();
        mongo.close();
    }

    @Test
    void aLiveAttemptIsAnsweredFromRedis() {
        redis.hset(keys.attempt("client-1", "a-1"), hotHash("a-1", "client-1", "IN_PROGRESS"));

        Read<CallView> read = reader.call("client-1", "a-1").orElseThrow();

        assertThat(read.tier()).isEqualTo(Tier.HOT);
        assertThat(read.value().state()).isEqualTo("IN_PROGRESS");
        assertThat(read.value().answeredAt()).isEqualTo(ENDED.minusSeconds(42));
    }

    @Test
    void anExpiredLiveKeyFallsBackToTheArchiveWithTheSameShape() throws Exception {
        Map<String, String> hot = hotHash("a-2", "client-1", "COMPLETED");
        redis.hset(keys.attempt("client-1", "a-2"), hot);
        redis.pexpire(keys.attempt("client-1", "a-2"), 300);
        archive.getCollection("calls").insertOne(coldDocument("a-2", "client-1"));
        CallView fromRedis = reader.call("client-1", "a-2").orElseThrow().value();

        awaitGone(keys.attempt("client-1", "a-2"));
        Read<CallView> afterExpiry = reader.call("client-1", "a-2").orElseThrow();

        assertThat(afterExpiry.tier()).isEqualTo(Tier.COLD);
        assertThat(afterExpiry.value()).isEqualTo(fromRedis);
        assertThat(afterExpiry.value().toMap().keySet()).containsExactlyElementsOf(fromRedis.toMap().keySet());
    }

    @Test
    void archivedHistoryReadAgainComesFromAShortLivedRedisCopy() throws Exception {
        archive.getCollection("calls").insertOne(coldDocument("a-3", "client-1"));

        Read<CallView> first = reader.call("client-1", "a-3").orElseThrow();
        Read<CallView> second = reader.call("client-1", "a-3").orElseThrow();

        assertThat(first.tier()).isEqualTo(Tier.COLD);
        assertThat(second.tier()).isEqualTo(Tier.READ_BACK);
        assertThat(second.value()).isEqualTo(first.value());
        assertThat(redis.pttl(keys.callCopy("client-1", "a-3"))).isBetween(1L, READ_BACK_TTL.toMillis());
        assertThat(redis.exists(keys.attempt("client-1", "a-3"))).as("a copy never poses as live state").isZero();

        awaitGone(keys.callCopy("client-1", "a-3"));
        assertThat(reader.call("client-1", "a-3").orElseThrow().tier()).isEqualTo(Tier.COLD);
    }

    @Test
    void anotherClientsCallIsInvisibleInEveryTier() {
        redis.hset(keys.attempt("client-1", "a-4"), hotHash("a-4", "client-1", "RINGING"));
        archive.getCollection("calls").insertOne(coldDocument("a-5", "client-1"));

        assertThat(reader.call("client-2", "a-4")).isEmpty();
        assertThat(reader.call("client-2", "a-5")).isEmpty();
        assertThat(reader.call("client-1", "missing")).isEmpty();
    }

    @Test
    void campaignStatsComeLiveFromRedisThenFromTheArchivedSummaryInTheSameShape() {
        redis.hset(keys.campaignStats("client-1", "camp-1"), Map.of("ringing", "2", "answered", "5", "noAnswer", "1",
                "finished", "6", "attempts", "8"));
        archive.getCollection("campaigns").insertOne(new Document("_id", "camp-2").append("campaignId", "camp-2")
                .append("clientId", "client-1").append("status", "COMPLETED").append("contacts", 7L)
                .append("contactsFinished", 7L).append("attempts", 9L)
                .append("dispositions", new Document("ANSWERED", 4L).append("NO_ANSWER", 3L))
                .append("createdAt", Date.from(ENDED)).append("updatedAt", Date.from(ENDED))
                .append("completedAt", Date.from(ENDED)));

        Read<CampaignView> live = reader.campaign("client-1", "camp-1").orElseThrow();
        Read<CampaignView> archived = reader.campaign("client-1", "camp-2").orElseThrow();
        Read<CampaignView> again = reader.campaign("client-1", "camp-2").orElseThrow();

        assertThat(live.tier()).isEqualTo(Tier.HOT);
        assertThat(live.value().counters()).containsEntry("ringing", 2L).containsEntry("answered", 5L)
                .containsEntry("busy", 0L).containsEntry("attempts", 8L);
        assertThat(archived.tier()).isEqualTo(Tier.COLD);
        assertThat(archived.value().counters()).containsEntry("answered", 4L).containsEntry("noAnswer", 3L)
                .containsEntry("finished", 7L).containsEntry("attempts", 9L).containsEntry("ringing", 0L);
        assertThat(archived.value().toMap().keySet()).containsExactlyElementsOf(live.value().toMap().keySet());
        assertThat(again.tier()).isEqualTo(Tier.READ_BACK);
        assertThat(again.value()).isEqualTo(archived.value());
        assertThat(reader.campaign("client-2", "camp-2")).isEmpty();
    }

    @Test
    void aLiveCampaignTakesItsStatusAndTimesFromItsLatestArchivedSummary() {
        redis.hset(keys.campaignStats("client-1", "camp-3"), Map.of("answered", "7", "finished", "7", "attempts", "7"));
        assertThat(reader.campaign("client-1", "camp-3").orElseThrow().value().status()).isNull();
        archive.getCollection("campaigns").insertOne(new Document("_id", "camp-3").append("campaignId", "camp-3")
                .append("clientId", "client-1").append("status", "COMPLETED").append("contacts", 7L)
                .append("createdAt", Date.from(ENDED)).append("updatedAt", Date.from(ENDED)).append("completedAt", Date.from(ENDED)));

        Read<CampaignView> read = reader.campaign("client-1", "camp-3").orElseThrow();

        assertThat(read.tier()).isEqualTo(Tier.HOT);
        assertThat(read.value().status()).isEqualTo("COMPLETED");
        assertThat(read.value().ended()).isTrue();
        assertThat(read.value().completedAt()).isEqualTo(ENDED);
        assertThat(read.value().counters()).containsEntry("answered", 7L);
    }

    @Test
    void aRunningCampaignSaysWhatItsContactsWaitForAndWhenTheNextCallingWindowOpens() {
        redis.hset(keys.campaignStats("client-1", "camp-4"), Map.of("attempts", "3"));
        Instant opens = ENDED.plusSeconds(3600);
        archive.getCollection("campaigns").insertOne(new Document("_id", "camp-4").append("campaignId", "camp-4")
                .append("clientId", "client-1").append("status", "RUNNING").append("contacts", 10L)
                .append("createdAt", Date.from(ENDED)).append("updatedAt", Date.from(ENDED))
                .append("waiting", new Document("WINDOW", 5L).append("SLOT", 2L))
                .append("nextWindowOpensAt", Date.from(opens)).append("nextWindowZone", "America/Chicago"));

        CampaignView view = reader.campaign("client-1", "camp-4").orElseThrow().value();

        assertThat(view.waiting()).containsOnly(Map.entry("WINDOW", 5L), Map.entry("SLOT", 2L));
        assertThat(view.nextWindowOpensAt()).isEqualTo(opens);
        assertThat(view.toMap()).containsEntry("nextWindowZone", "America/Chicago");
    }

    @Test
    void recentCallsComeFromRedisAndFromTheArchiveOnceRedisForgotThem() {
        redis.hset(keys.attempt("client-1", "r-1"), hotHash("r-1", "client-1", "COMPLETED"));
        redis.zadd(keys.recentCalls("client-1"), ENDED.toEpochMilli(), "r-1");
        archive.getCollection("calls").insertMany(List.of(coldDocument("r-1", "client-1"),
                coldDocument("r-0", "client-1").append("endedAt", Date.from(ENDED.minusSeconds(600))),
                coldDocument("x-1", "client-2")));
        Instant since = ENDED.minusSeconds(3600);

        assertThat(reader.recentCalls("client-1", since)).extracting(CallView::attemptId).containsExactly("r-1");

        redis.del(keys.attempt("client-1", "r-1"), keys.recentCalls("client-1"));
        assertThat(reader.recentCalls("client-1", since)).extracting(CallView::attemptId).containsExactly("r-1", "r-0");
        assertThat(reader.recentCalls("client-1", ENDED.minusSeconds(60))).extracting(CallView::attemptId)
                .containsExactly("r-1");
    }

    private void awaitGone(String key) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (redis.exists(key) > 0) {
            assertThat(System.nanoTime()).as("key %s should expire", key).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The status-processor's encoding: strings, times as epoch millis, absent values absent. */
    static Map<String, String> hotHash(String attemptId, String clientId, String state) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("state", state);
        h.put("version", "7");
        h.put("attemptId", attemptId);
        h.put("campaignId", "camp-1");
        h.put("clientId", clientId);
        h.put("contactId", "contact-" + attemptId);
        h.put("phoneNumber", "+14155550100");
        h.put("attemptNumber", "2");
        h.put("disposition", "ANSWERED");
        h.put("finalStatus", "COMPLETED");
        h.put("plivoRequestUuid", "req-" + attemptId);
        h.put("plivoCallUuid", "call-" + attemptId);
        h.put("hangupCause", "NORMAL_CLEARING");
        h.put("hangupCauseCode", "4000");
        h.put("machineDetected", "false");
        h.put("reservedAt", Long.toString(ENDED.minusSeconds(60).toEpochMilli()));
        h.put("dialedAt", Long.toString(ENDED.minusSeconds(58).toEpochMilli()));
        h.put("ringingAt", Long.toString(ENDED.minusSeconds(55).toEpochMilli()));
        h.put("answeredAt", Long.toString(ENDED.minusSeconds(42).toEpochMilli()));
        h.put("endedAt", Long.toString(ENDED.toEpochMilli()));
        h.put("durationSeconds", "42");
        h.put("billDurationSeconds", "60");
        return h;
    }

    /** The archiver's encoding of the same call: typed values, BSON dates, nulls stored. */
    static Document coldDocument(String attemptId, String clientId) {
        return new Document("_id", attemptId).append("attemptId", attemptId).append("campaignId", "camp-1")
                .append("clientId", clientId).append("contactId", "contact-" + attemptId)
                .append("phoneNumber", "+14155550100").append("attemptNumber", 2).append("callerId", null)
                .append("disposition", "ANSWERED").append("finalStatus", "COMPLETED")
                .append("plivoRequestUuid", "req-" + attemptId).append("plivoCallUuid", "call-" + attemptId)
                .append("hangupCause", "NORMAL_CLEARING").append("hangupCauseCode", 4000)
                .append("machineDetected", false)
                .append("reservedAt", Date.from(ENDED.minusSeconds(60)))
                .append("dialedAt", Date.from(ENDED.minusSeconds(58)))
                .append("ringingAt", Date.from(ENDED.minusSeconds(55)))
                .append("answeredAt", Date.from(ENDED.minusSeconds(42)))
                .append("endedAt", Date.from(ENDED)).append("durationSeconds", 42).append("billDurationSeconds", 60)
                .append("reason", null);
    }
}
