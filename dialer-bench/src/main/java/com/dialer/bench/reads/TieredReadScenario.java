package com.dialer.bench.reads;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;

import com.dialer.archiver.ArchiveDocuments;
import com.dialer.avro.CallRecord;
import com.dialer.bench.BenchContext;
import com.dialer.bench.Scenario;
import com.dialer.bench.archive.ArchiveScenario;
import com.dialer.bench.measure.Distribution;
import com.dialer.bench.report.ResultTable;
import com.dialer.stack.LocalStack;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.reads.CallView;
import com.dialer.state.reads.Read;
import com.dialer.state.reads.Tier;
import com.dialer.state.reads.TieredReadConfig;
import com.dialer.state.reads.TieredReader;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;


/**
 * Scenario 6: the tiered reader's {@code call(client, attemptId)} for a call Redis holds (hot), one
 * only MongoDB holds (cold: found there, then copied back into Redis), and the same cold call read
 * again (served from the copy). One thread, reads of the three kinds interleaved.
 */
public final class TieredReadScenario implements Scenario {
    static final String CLIENT = "client-0";

    @Override
    public String id() {
        return "reads";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        LocalStack stack = context.stack();
        int samples = context.profile().readSamples();
        int warmUp = Math.min(500, samples / 4);
        int total = samples + warmUp;
        String prefix = LocalStack.uniquePrefix("bench-reads");
        RedisKeys keys = new RedisKeys(prefix);
        try (RedisConnection redis = RedisConnection.open("REDIS_URI", stack.redis().uri());
             MongoClient mongo = MongoClients.create(stack.mongo().connectionString())) {
            MongoDatabase archive = mongo.getDatabase(prefix.replaceAll("[^A-Za-z0-9]", "_"));
            context.progress("reads: %,d calls in Redis, %,d in MongoDB", total, total);
            Instant base = Instant.parse("2026-03-02T09:00:00Z");
            List<Document> cold = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                CallRecord hot = ArchiveScenario.record("hot:" + i, "campaign-1", CLIENT, base.plusSeconds(i), i);
                redis.sync().hset(keys.attempt(CLIENT, hot.getAttemptId()), CallView.fromDocument(ArchiveDocuments.call(hot)).toHash());
                cold.add(ArchiveDocuments.call(ArchiveScenario.record("cold:" + i, "campaign-1", CLIENT, base.plusSeconds(i), i)));
            }
            archive.getCollection(TieredReader.CALLS).insertMany(cold);
            TieredReader reader = new TieredReader(redis.sync(), archive, keys,
                    new TieredReadConfig(Duration.ofMinutes(5), Duration.ofDays(30), 100), Clock.systemUTC());
            long[] hot = new long[samples];
            long[] coldReads = new long[samples];
            long[] readBack = new long[samples];
            int wrongTier = 0;
            for (int i = 0; i < total; i++) {
                int at = i - warmUp;
                wrongTier += timed(reader, "hot:" + i, Tier.HOT, hot, at);
                wrongTier += timed(reader, "cold:" + i, Tier.COLD, coldReads, at);
                wrongTier += timed(reader, "cold:" + i, Tier.READ_BACK, readBack, at);
            }
            Distribution h = Distribution.ofNanosAsMillis(hot);
            Distribution c = Distribution.ofNanosAsMillis(coldReads);
            Distribution b = Distribution.ofNanosAsMillis(readBack);
            ResultTable.Builder table = ResultTable.builder("reads", String.format(
                            "6. Hot vs cold reads: TieredReader.call, %,d reads per tier after %d to warm up", samples, warmUp),
                    "tier", "p50 ms", "p99 ms", "mean ms", "p50 vs hot", "round trips")
                    .row("hot (Redis attempt hash)", h.p50(), h.p99(), h.mean(), 1.0, "1 HGETALL")
                    .row("cold (MongoDB, then copied to Redis)", c.p50(), c.p99(), c.mean(), c.p50() / h.p50(),
                            "2 HGETALL + find + write-copy.lua")
                    .row("read-back copy (the same call again)", b.p50(), b.p99(), b.mean(), b.p50() / h.p50(), "2 HGETALL")
                    .note("one thread; each step reads a hot call, a cold call, then that cold call again; the tier of every answer is "
                            + "checked (" + wrongTier + " answered from another tier)");
            if (stack.mongo().isEmbedded()) {
                table.note("MongoDB is mongo-java-server (memory backend) in this JVM: no disk, no network hop beyond loopback; but it "
                        + "answers the reader's filter {_id, clientId} without its _id index (about 2.5 ms at 10,000 documents against "
                        + "0.5 ms for _id alone, measured on this machine), so its cold figure grows with the collection ("
                        + String.format("%,d", total) + " documents here); a real MongoDB uses the index but adds its own host's network and disk");
            }
            return List.of(table.build());
        }
    }

    /** Times one read into {@code into[at]} (when {@code at >= 0}); 1 when the answer came from another tier. */
    private static int timed(TieredReader reader, String attemptId, Tier expected, long[] into, int at) {
        long t0 = System.nanoTime();
        Optional<Read<CallView>> read = reader.call(CLIENT, attemptId);
        long took = System.nanoTime() - t0;
        if (at >= 0) {
            into[at] = took;
        }
        return read.map(r -> r.tier() == expected ? 0 : 1).orElse(1);
    }
}
