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
        return start(true, true, true);
    }

    /**
     * Starts only the servers asked for (the others are external to whoever runs on this stack, and
     * asking this stack for them is a mistake: their accessors throw), side by side.
     */
    public static LocalStack start(boolean withKafka, boolean withRedis, boolean withMongo) {
        long t0 = System.nanoTime();
        CompletableFuture<RedisServer> redis = withRedis ? CompletableFuture.supplyAsync(RedisServer::start)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<MongoServer> mongo = withMongo ? CompletableFuture.supplyAsync(MongoServer::start)
                : CompletableFuture.completedFuture(null);
        KafkaBroker kafka = null;
        try {
            if (withKafka) {
                kafka = KafkaBroker.start();
            }
            LocalStack stack = new LocalStack(kafka, redis.join(), mongo.join(), Duration.ofNanos(System.nanoTime() - t0));
            LOG.info("local stack up in {} ms: kafka {} redis {} mongo {}", stack.startup.toMillis(),
                    withKafka ? kafka.bootstrapServers() : "(not started)",
                    withRedis ? stack.redis.uri() + " (" + stack.redis.binary() + ")" : "(not started)",
                    withMongo ? stack.mongo.connectionString() : "(not started)");
            return stack;
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            redis.thenAccept(r -> {
                if (r != null) {
                    r.close();
                }
            });
            mongo.thenAccept(m -> {
                if (m != null) {
                    m.close();
                }
            });
            throw e;
        }
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
        return started(kafka, "Kafka");
    }

    public RedisServer redis() {
        return started(redis, "Redis");
    }

    public MongoServer mongo() {
        return started(mongo, "MongoDB");
    }

    /** Whether this stack started a broker, a Redis, a MongoDB. */
    public boolean hasKafka() {
        return kafka != null;
    }

    public boolean hasRedis() {
        return redis != null;
    }

    public boolean hasMongo() {
        return mongo != null;
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    private static <T> T started(T server, String name) {
        if (server == null) {
            throw new IllegalStateException(name + " was not started by this local stack (it is external)");
        }
        return server;
    }

    public Duration startupTime() {
        return startup;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (kafka != null) {
            kafka.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }
}
