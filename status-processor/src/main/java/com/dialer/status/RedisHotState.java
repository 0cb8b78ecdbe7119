package com.dialer.status;

import com.dialer.state.HotRetention;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.AttemptProjection;
import com.dialer.state.attempt.Reseeding;
import com.dialer.state.attempt.Reseeding.Readiness;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@link HotState} on Redis through the shared scripts of dialer-state; one connection serves every stream thread.
 * A lost connection (Redis restarting, a failover) is retried here with a short back-off for up to
 * {@link #OUTAGE}, so a blip never fails a stream thread: a replaced thread under exactly-once waits a
 * whole rebalance before its tasks run again. Every script is version-guarded or idempotent, so a
 * retry of a call that did run changes nothing.
 */
public final class RedisHotState implements HotState {
    // well inside the transaction timeout (Streams: 10 s under exactly-once), which a longer wait would make the broker abort
    static final Duration OUTAGE = Duration.ofSeconds(5);

    private final RedisClusterCommands<String, String> redis;
    private final AttemptProjection projection;
    private final Reseeding reseeding;
    private final String seededBy;

    /** @param seededBy who sets the global marker (application id), written with the time into its value */
    public RedisHotState(RedisClusterCommands<String, String> redis, RedisKeys keys, Duration hotWindow, String seededBy) {
        this.redis = redis;
        this.projection = new AttemptProjection(keys, hotWindow);
        this.reseeding = new Reseeding(keys, HotRetention.dialGuardLife(hotWindow));
        this.seededBy = seededBy;
    }

    @Override
    public boolean project(AttemptProjection.Change change) {
        return retrying(() -> projection.apply(redis, change));
    }

    @Override
    public void fillIn(String clientId, String attemptId, Map<String, String> fields) {
        retrying(() -> projection.fillIn(redis, clientId, attemptId, fields));
    }

    @Override
    public Readiness readiness(int partition) {
        return retrying(() -> reseeding.readiness(redis, partition));
    }

    @Override
    public String beginReseed(int partition) {
        return retrying(() -> reseeding.begin(redis, partition));
    }

    @Override
    public void restore(AttemptProjection.Change change) {
        retrying(() -> {
            projection.apply(redis, change);
            // every attempt the processor knows reached Plivo (or may have): a redelivered request must not dial it again
            reseeding.restoreGuard(redis, change.clientId(), change.attemptId());
            return null;
        });
    }

    @Override
    public Readiness finishReseed(int partition, String token, int partitions) {
        return retrying(() -> reseeding.finish(redis, partition, token, partitions, seededBy + "@" + Instant.now()));
    }

    /** Runs {@code call}, again after a connection failure, until it succeeds or Redis stayed away for {@link #OUTAGE}. */
    private static <T> T retrying(java.util.function.Supplier<T> call) {
        long giveUpAt = System.nanoTime() + OUTAGE.toNanos();
        long backoffMillis = 20;
        while (true) {
            try {
                return call.get();
            } catch (RedisCommandExecutionException e) {
                throw e; // Redis answered: a script error is not an outage
            } catch (RedisException e) {
                if (System.nanoTime() > giveUpAt) {
                    throw e;
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(1_000, backoffMillis * 2);
            }
        }
    }
}
