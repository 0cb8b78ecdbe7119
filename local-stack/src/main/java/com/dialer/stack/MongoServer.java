package com.dialer.stack;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * MongoDB for the local stack: the real server named by {@code MONGODB_URI} when set, else a
 * MongoDB wire-protocol server ({@code mongo-java-server}) on a loopback socket. Known limits of
 * the latter: no transactions, TTL indexes never expire, non-unique indexes are accepted, unused.
 * The wire server can be {@link #stop() stopped} and {@link #startAgain() started again} on the same
 * port with its data kept, as a MongoDB outage looks to its clients.
 */
public final class MongoServer implements AutoCloseable {
    private final KeptBackend backend;
    private final int port;
    private final String connectionString;
    private de.bwaldvogel.mongo.MongoServer embedded;

    private MongoServer(KeptBackend backend, int port, String connectionString) {
        this.backend = backend;
        this.port = port;
        this.connectionString = connectionString;
    }

    public static MongoServer start() {
        String external = System.getenv("MONGODB_URI");
        if (external != null && !external.isBlank()) {
            return new MongoServer(null, -1, external);
        }
        int port = FreePort.next();
        MongoServer server = new MongoServer(new KeptBackend(new MemoryBackend()), port, "mongodb://127.0.0.1:" + port);
        server.listen();
        return server;
    }

    public String connectionString() {
        return connectionString;
    }

    /** True when this is the in-JVM wire server, not a real MongoDB. */
    public boolean isEmbedded() {
        return backend != null;
    }

    public synchronized boolean isRunning() {
        return !isEmbedded() || embedded != null;
    }

    /**
     * An outage: the port closes and every open connection is cut; the data stays for
     * {@link #startAgain()}. Only the in-JVM wire server can be stopped.
     */
    public synchronized void stop() {
        requireEmbedded("stop");
        if (embedded != null) {
            embedded.shutdownNow();
            embedded = null;
        }
    }

    /** Listens again on the same port, with the data it had when stopped. */
    public synchronized void startAgain() {
        requireEmbedded("start again");
        if (embedded == null) {
            listen();
        }
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            embedded.shutdownNow();
            embedded = null;
        }
        if (backend != null) {
            backend.delegate.close();
        }
    }

    private void listen() {
        var server = new de.bwaldvogel.mongo.MongoServer(backend);
        server.bind("127.0.0.1", port);
        embedded = server;
    }

    private void requireEmbedded(String what) {
        if (!isEmbedded()) {
            throw new UnsupportedOperationException("cannot " + what + " the external MongoDB at MONGODB_URI");
        }
    }

    /**
     * The wire server closes its backend when it shuts down, and a closed memory backend forgets
     * everything; this one outlives the server instances that serve it, until {@link #close()}.
     */
    private static final class KeptBackend implements MongoBackend {
        private final MongoBackend delegate;

        KeptBackend(MongoBackend delegate) {
            this.delegate = delegate;
        }

        @Override
        public void close() {
            // kept for the next server instance; MongoServer.close() closes the delegate
        }

        @Override
        public void handleClose(Channel channel) {
            delegate.handleClose(channel);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            return delegate.handleCommand(channel, database, command, query);
        }

        @Override
        public QueryResult handleQuery(MongoQuery query) {
            return delegate.handleQuery(query);
        }

        @Override
        public Document handleMessage(MongoMessage message) {
            return delegate.handleMessage(message);
        }

        @Override
        public void dropDatabase(String database) {
            delegate.dropDatabase(database);
        }

        @Override
        public Collection<Document> getCurrentOperations(MongoQuery query) {
            return delegate.getCurrentOperations(query);
        }

        @Override
        public Document getServerStatus() {
            return delegate.getServerStatus();
        }

        @Override
        public void closeCursors(List<Long> cursorIds) {
            delegate.closeCursors(cursorIds);
        }

        @Override
        public Clock getClock() {
            return delegate.getClock();
        }

        @Override
        public void enableOplog() {
            delegate.enableOplog();
        }

        @Override
        public void disableOplog() {
            delegate.disableOplog();
        }

        @Override
        public MongoDatabase resolveDatabase(String database) {
            return delegate.resolveDatabase(database);
        }

        @Override
        public MongoBackend version(MongoVersion version) {
            delegate.version(version);
            return this;
        }
    }
}
