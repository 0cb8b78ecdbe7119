package com.dialer.stack;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local stack: a KRaft Kafka broker, Redis and MongoDB, each on a free loopback port.
 * One is shared per test JVM ({@link #shared()}); tests isolate by {@link #uniquePrefix(String)}
 * on topic names, Redis keys and database names.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static LocalStack shared;

    private final KafkaBroker kafka;
    private final RedisServer redis;
    private final MongoServer mongo;
    private final Duration startup;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalStack(KafkaBroker kafka, RedisServer redis, MongoServer mongo, Duration startup) {
        this.kafka = kafka;
        this.redis = redis;
        this.mongo = mongo;
        this.startup = startup;
    }

    /** Starts the three servers side by side and waits until each is ready. */
    public static LocalStack start() {
        long t0 = System.nanoTime();
        CompletableFuture<RedisServer> redis = CompletableFuture.supplyAsync(RedisServer::start);
        CompletableFuture<MongoServer> mongo = CompletableFuture.supplyAsync(MongoServer::start);
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.start();
        } catch (RuntimeException e) {
            redis.thenAccept(RedisServer::close);
            mongo.thenAccept(MongoServer::close);
            throw e;
        }
        LocalStack stack = new LocalStack(kafka, redis.join(), mongo.join(), Duration.ofNanos(System.nanoTime() - t0));
        LOG.info("local stack up in {} ms: kafka {} redis {} ({}) mongo {}", stack.startup.toMillis(),
                kafka.bootstrapServers(), stack.redis.uri(), stack.redis.binary(), stack.mongo.connectionString());
        return stack;
    }

    /** The stack of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            shared = start();
            LocalStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        }
        return shared;
    }

    /** A name prefix no other test of this JVM gets, e.g. {@code executor-7-}. */
    public static String uniquePrefix(String name) {
        return name + "-" + PREFIXES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36) + "-";
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public RedisServer redis() {
        return redis;
    }

    public MongoServer mongo() {
        return mongo;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Duration startupTime() {
        return startup;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        kafka.close();
        redis.close();
        mongo.close();
    }
}
