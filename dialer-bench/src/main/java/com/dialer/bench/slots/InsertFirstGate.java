package com.dialer.bench.slots;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;

/**
 * The seed's proposed fix, on MongoDB (where the seed kept its call records): insert the call's
 * record first, then count the client's records, and delete it again when the count is over the
 * cap. Never more than the cap at once, but two workers racing for the last slot can both back off.
 */
public final class InsertFirstGate implements SlotGate {
    public static final String DATABASE = "bench";

    private final MongoClient client;
    private final MongoCollection<Document> active;
    private final int cap;

    public InsertFirstGate(String mongoUri, String collection, int cap) {
        this.client = MongoClients.create(mongoUri);
        this.active = client.getDatabase(DATABASE).getCollection(collection);
        this.active.createIndex(Indexes.ascending("client"));
        this.cap = cap;
    }

    @Override
    public boolean admit(String clientId, String attemptId) {
        active.insertOne(new Document("_id", attemptId).append("client", clientId));
        if (active.countDocuments(Filters.eq("client", clientId)) <= cap) {
            return true;
        }
        active.deleteOne(Filters.eq("_id", attemptId));
        return false;
    }

    @Override
    public void ended(String clientId, String attemptId) {
        active.deleteOne(Filters.eq("_id", attemptId));
    }

    @Override
    public String label() {
        return "seed proposal: insert, count, delete if over (MongoDB)";
    }

    @Override
    public void close() {
        client.close();
    }
}
