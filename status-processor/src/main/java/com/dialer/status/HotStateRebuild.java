package com.dialer.status;

import com.dialer.state.attempt.Reseeding.Readiness;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that Redis lost what was projected into it ({@code seeded:{global}} gone: a restart with
 * no persistence, a failover to an empty node, or a first start) and rebuilds this task's share
 * from the {@code attempts} store: every attempt's hash and counters, every live attempt's slot
 * lease (until its deadline), every dial guard. {@code RESEED_BATCH} attempts per run, so the
 * stream thread keeps polling; events processed meanwhile are projected as usual (the script is
 * version-guarded, so either order gives the same Redis). When the scan is through, the partition
 * reports; the last partition to report sets {@code seeded:{global}}, and executors that require
 * seeded state reserve again.
 */
final class HotStateRebuild implements Punctuator {
    private static final Logger LOG = LoggerFactory.getLogger(HotStateRebuild.class);

    private final AttemptStores stores;
    private final AttemptLedger ledger;
    private final HotState hot;
    private final int partition;
    private final StatusConfig config;
    private final StatusMetrics metrics;
    private String token;
    private String cursor;
    private long restored;

    HotStateRebuild(AttemptStores stores, AttemptLedger ledger, HotState hot, int partition, StatusConfig config,
                    StatusMetrics metrics) {
        this.stores = stores;
        this.ledger = ledger;
        this.hot = hot;
        this.partition = partition;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void punctuate(long wall) {
        try {
            rebuildStep();
        } catch (io.lettuce.core.RedisException e) {
            // Redis is away longer than the hot state's retries: look again at the next check
            LOG.warn("partition {}: re-seed check deferred, Redis unavailable: {}", partition, e.getMessage());
        }
    }

    private void rebuildStep() {
        if (token == null) {
            if (hot.readiness(partition) != Readiness.UNSEEDED) {
                return;
            }
            token = hot.beginReseed(partition);
            cursor = null;
            restored = 0;
            LOG.warn("partition {}: Redis holds no seeded state (lost, or never seeded): re-seeding it from the attempts store",
                    partition);
        }
        if (!scan(config.reseedBatch())) {
            return;
        }
        Readiness result = hot.finishReseed(partition, token, config.partitions());
        token = null;
        switch (result) {
            case UNSEEDED -> LOG.warn("partition {}: Redis was lost again during the re-seed; starting over", partition);
            case PARTITION_DONE -> LOG.info("partition {}: re-seeded {} attempts; waiting for the other partitions",
                    partition, restored);
            case SEEDED -> LOG.info("partition {}: re-seeded {} attempts; every partition done, seeded:{global} set",
                    partition, restored);
        }
    }

    /** @return true when the whole store was scanned */
    private boolean scan(int budget) {
        int done = 0;
        try (KeyValueIterator<String, Attempt> it = cursor == null ? stores.attempts.all()
                : stores.attempts.range(cursor, null)) {
            while (it.hasNext()) {
                KeyValue<String, Attempt> entry = it.next();
                if (entry.key.equals(cursor)) {
                    continue; // the range starts at the last key of the previous run
                }
                if (done == budget) {
                    return false;
                }
                if (ledger.restore(entry.value)) {
                    restored++;
                    metrics.reseeded();
                }
                cursor = entry.key;
                done++;
            }
            return true;
        }
    }
}
