package com.dialer.bench.ratelimit;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * The seed's global limit, as it describes it: one MongoDB document per window (per minute),
 * {@code findOneAndUpdate} with {@code $inc} and upsert, granted while the count after the increment
 * is within the window's limit. The window comes from the client's clock. A denied caller sleeps
 * until its window ends, then everyone tries again at the edge.
 */
public final class FixedWindowStarts implements StartLimiter {
    public static final String DATABASE = "bench";
    public static final String COLLECTION = "rate_windows";
    private static final FindOneAndUpdateOptions UPSERT_AFTER = new FindOneAndUpdateOptions().upsert(true)
            .returnDocument(ReturnDocument.AFTER);

    private final MongoClient client;
    private final MongoCollection<Document> windows;
    private final LimiterSpec spec;
    private final long limit;
    private final RoundTripCounter roundTrips = new RoundTripCounter();
    private volatile long originMillis;

    public FixedWindowStarts(LimiterSpec spec) {
        this.spec = spec;
        this.limit = spec.permitsPerWindow();
        this.client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(spec.mongoUri()))
                .addCommandListener(roundTrips).build());
        this.windows = client.getDatabase(DATABASE).getCollection(COLLECTION);
    }

    @Override
    public void startsAt(long epochMillis) {
        originMillis = epochMillis + spec.windowEdgeAfterMillis();
    }

    @Override
    public Try tryStart() {
        long now = System.currentTimeMillis();
        long window = Math.floorDiv(now - originMillis, spec.windowMillis());
        long count = increment(spec.key() + ":" + window);
        if (count <= limit) {
            return Try.GRANTED;
        }
        long windowEnds = originMillis + (window + 1) * spec.windowMillis();
        return Try.refused(Math.max(0, windowEnds - now) * 1_000_000);
    }

    private long increment(String id) {
        try {
            return windows.findOneAndUpdate(Filters.eq("_id", id), Updates.inc("count", 1L), UPSERT_AFTER)
                    .get("count", Number.class).longValue();
        } catch (MongoCommandException | MongoWriteException e) {
            // two upserts of a new window can race on _id; the loser's increment is then a plain update
            if (e instanceof MongoWriteException w && w.getError().getCategory() != ErrorCategory.DUPLICATE_KEY
                    || e instanceof MongoCommandException c && c.getErrorCode() != 11000) {
                throw e;
            }
            return windows.findOneAndUpdate(Filters.eq("_id", id), Updates.inc("count", 1L), UPSERT_AFTER)
                    .get("count", Number.class).longValue();
        }
    }

    @Override
    public long roundTrips() {
        return roundTrips.count();
    }

    @Override
    public void close() {
        client.close();
    }
}
