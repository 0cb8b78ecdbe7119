package com.dialer.archiver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.state.RedisConnection;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.ArchivedCalls;

/**
 * The archived calls' hot copies in Redis, shortened once the archive holds them ({@link ArchivedCalls}).
 * Never fails nor slows the archive: the scripts are sent without waiting for their answers, a Redis that
 * cannot be reached is asked again later, and a call whose copy is not shortened keeps its hot window, the
 * backstop. At most 50,000 calls in flight, so a stalled Redis cannot grow the task's memory.
 */
final class HotCopies implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HotCopies.class);
    private static final int MAX_IN_FLIGHT = 50_000;
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(30);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final RedisEndpoint endpoint;
    private final ArchivedCalls archived;
    private final AtomicReference<RedisConnection> connection = new AtomicReference<>();
    private final AtomicLong lastConnectAttempt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    private HotCopies(RedisEndpoint endpoint, ArchivedCalls archived) {
        this.endpoint = endpoint;
        this.archived = archived;
    }

    /** Connects in the background; {@code null} when no Redis is configured. */
    static HotCopies start(ArchiverSinkConfig config) {
        if (config.redisUri().isEmpty()) {
            return null;
        }
        HotCopies copies = new HotCopies(RedisEndpoint.parse(ArchiverSinkConfig.REDIS_URI, config.redisUri()),
                new ArchivedCalls(new RedisKeys(config.redisKeyPrefix()), config.hotAfterArchive()));
        copies.connectSoon();
        return copies;
    }

    /** The archive holds {@code calls}: their hot copies may shrink. Returns at once. */
    void archived(List<ArchivedCalls.Call> calls) {
        if (calls.isEmpty()) {
            return;
        }
        RedisConnection redis = connection.get();
        if (redis == null) {
            connectSoon();
            warn("Redis not connected: {} archived calls keep their hot window", calls.size(), null);
            return;
        }
        if (inFlight.addAndGet(calls.size()) > MAX_IN_FLIGHT) {
            inFlight.addAndGet(-calls.size());
            warn("Redis is slow: {} archived calls keep their hot window", calls.size(), null);
            return;
        }
        try {
            archived.shorten(redis.async(), calls).whenComplete((shortened, error) -> {
                inFlight.addAndGet(-calls.size());
                if (error != null) {
                    warn("could not shorten {} archived calls' hot copies (they keep their hot window)", calls.size(), error);
                }
            });
        } catch (RuntimeException e) {
            inFlight.addAndGet(-calls.size());
            warn("could not shorten {} archived calls' hot copies (they keep their hot window)", calls.size(), e);
        }
    }

    private void connectSoon() {
        long now = System.nanoTime();
        long last = lastConnectAttempt.get();
        if (closed || (last != Long.MIN_VALUE && now - last < RECONNECT_AFTER.toNanos())
                || !lastConnectAttempt.compareAndSet(last, now)) {
            return;
        }
        Thread.ofVirtual().name("archiver-redis-connect").start(() -> {
            try {
                RedisConnection opened = RedisConnection.open(endpoint);
                ArchivedCalls.load(opened.sync());
                if (!connection.compareAndSet(null, opened)) {
                    opened.close();
                } else if (closed) {
                    close(); // closed while connecting
                } else {
                    LOG.info("archived calls' hot copies shrink in Redis {}", endpoint);
                }
            } catch (RuntimeException e) {
                warn("{}: will try again", e.getMessage(), null);
            }
        });
    }

    private void warn(String message, Object detail, Throwable error) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY.toNanos()) && lastWarning.compareAndSet(last, now)) {
            LOG.warn(message + (error == null ? "" : ": " + error), detail);
        }
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection redis = connection.getAndSet(null);
        if (redis != null) {
            redis.close();
        }
    }
}
