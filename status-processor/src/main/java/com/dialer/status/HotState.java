package com.dialer.status;

import com.dialer.state.attempt.AttemptProjection;
import com.dialer.state.attempt.Reseeding.Readiness;
import java.util.Map;

/**
 * Everything the status-processor writes to Redis, so the topology stays pure and its tests can
 * run on an in-memory double. Every write is idempotent: exactly-once covers Kafka only, and a
 * change may be projected again after a retry, a rebalance or a replay.
 */
public interface HotState {

    /**
     * Projects an attempt's state at its version: attempt hash, campaign counters, slot (released
     * on a final state, lease re-asserted while live), recent calls. Guarded by the version.
     *
     * @return true when applied now, false when Redis already had this version or a later one
     */
    boolean project(AttemptProjection.Change change);

    /** Adds fields the attempt's hash lacks; never overwrites, never counts. */
    void fillIn(String clientId, String attemptId, Map<String, String> fields);

    /** Whether Redis still holds what the status-processor projected, for one partition. */
    Readiness readiness(int partition);

    /** Starts re-seeding one partition after Redis lost its state. @return the scan's token */
    String beginReseed(int partition);

    /** Re-projects one known attempt during a re-seed: as {@link #project}, plus its dial guard. */
    void restore(AttemptProjection.Change change);

    /**
     * Reports a partition re-seeded; the last of {@code partitions} sets the global marker.
     *
     * @return SEEDED, PARTITION_DONE, or UNSEEDED when the scan must start over
     */
    Readiness finishReseed(int partition, String token, int partitions);
}
