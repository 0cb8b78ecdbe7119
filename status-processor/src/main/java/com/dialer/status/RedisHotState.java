package com.dialer.status;

import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.AttemptProjection;
import com.dialer.state.attempt.Reseeding;
import com.dialer.state.attempt.Reseeding.Readiness;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@link HotState} on Redis through the shared scripts of dialer-state; one connection serves every stream thread. */
public final class RedisHotState implements HotState {
    private final RedisCommands<String, String> redis;
    private final AttemptProjection projection;
    private final Reseeding reseeding;
    private final String seededBy;

    /** @param seededBy who sets the global marker (application id), written with the time into its value */
    public RedisHotState(RedisCommands<String, String> redis, RedisKeys keys, Duration hotWindow, String seededBy) {
        this.redis = redis;
        this.projection = new AttemptProjection(keys, hotWindow);
        this.reseeding = new Reseeding(keys, hotWindow);
        this.seededBy = seededBy;
    }

    @Override
    public boolean project(AttemptProjection.Change change) {
        return projection.apply(redis, change);
    }

    @Override
    public void fillIn(String clientId, String attemptId, Map<String, String> fields) {
        projection.fillIn(redis, clientId, attemptId, fields);
    }

    @Override
    public Readiness readiness(int partition) {
        return reseeding.readiness(redis, partition);
    }

    @Override
    public String beginReseed(int partition) {
        return reseeding.begin(redis, partition);
    }

    @Override
    public void restore(AttemptProjection.Change change) {
        projection.apply(redis, change);
        // every attempt the processor knows reached Plivo (or may have): a redelivered request must not dial it again
        reseeding.restoreGuard(redis, change.clientId(), change.attemptId());
    }

    @Override
    public Readiness finishReseed(int partition, String token, int partitions) {
        return reseeding.finish(redis, partition, token, partitions, seededBy + "@" + Instant.now());
    }
}
