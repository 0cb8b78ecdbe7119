package com.dialer.archiver;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;

/**
 * Writes archive documents as unordered bulk replace-upserts keyed by {@code _id}: a replayed
 * record replaces its own document, so the archive never holds two documents for one attempt.
 */
public final class ArchiveWriter {

    public static final String CALLS = "calls";
    public static final String CAMPAIGNS = "campaigns";

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoCollection<Document> calls;
    private final MongoCollection<Document> campaigns;

    private final int batchSize;

    public ArchiveWriter(MongoDatabase database, int batchSize) {
        this.batchSize = batchSize;
        this.calls = database.getCollection(CALLS);
        this.campaigns = database.getCollection(CAMPAIGNS);
    }

    /** The indexes behind the analysts' queries; creating an existing index is a no-op. */
    public void ensureIndexes() {
        calls.createIndexes(List.of(
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("campaignId"), Indexes.descending("endedAt"))),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("clientId"), Indexes.descending("endedAt"))),
                new IndexModel(Indexes.ascending("phoneNumber")),
                new IndexModel(Indexes.ascending("disposition"))));
        campaigns.createIndexes(List.of(
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("clientId"), Indexes.descending("updatedAt")))));
    }

    public void write(List<Document> callDocuments, List<Document> campaignDocuments) {
        upsert(calls, callDocuments);
        upsert(campaigns, campaignDocuments);
    }

    private void upsert(MongoCollection<Document> collection, List<Document> documents) {
        for (int from = 0; from < documents.size(); from += batchSize) {
            List<Document> chunk = documents.subList(from, Math.min(documents.size(), from + batchSize));
            List<WriteModel<Document>> models = new ArrayList<>(chunk.size());
            for (Document d : chunk) {
                models.add(new ReplaceOneModel<>(Filters.eq("_id", d.get("_id")), d, UPSERT));
            }
            collection.bulkWrite(models, UNORDERED);
        }
    }
}
