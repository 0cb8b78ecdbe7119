package com.dialer.stack;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * MongoDB for the local stack: the real server named by {@code MONGODB_URI} when set, else a
 * MongoDB wire-protocol server ({@code mongo-java-server}) on a loopback socket. Known limits of
 * the latter: no transactions, TTL indexes never expire, non-unique indexes are accepted, unused.
 */
public final class MongoServer implements AutoCloseable {
    private final de.bwaldvogel.mongo.MongoServer embedded;
    private final String connectionString;

    private MongoServer(de.bwaldvogel.mongo.MongoServer embedded, String connectionString) {
        this.embedded = embedded;
        this.connectionString = connectionString;
    }

    public static MongoServer start() {
        String external = System.getenv("MONGODB_URI");
        if (external != null && !external.isBlank()) {
            return new MongoServer(null, external);
        }
        var server = new de.bwaldvogel.mongo.MongoServer(new MemoryBackend());
        int port = FreePort.next();
        server.bind("127.0.0.1", port);
        return new MongoServer(server, "mongodb://127.0.0.1:" + port);
    }

    public String connectionString() {
        return connectionString;
    }

    /** True when this is the in-JVM wire server, not a real MongoDB. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.shutdownNow();
        }
    }
}
