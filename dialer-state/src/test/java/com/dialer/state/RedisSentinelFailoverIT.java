package com.dialer.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.dialer.stack.LocalStack;
import com.dialer.stack.RedisCluster;
import com.dialer.stack.RedisSentinels;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.slots.Reservation;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;

/** Reservations through a Sentinel URI while the Sentinel replaces a master killed with kill -9. */
class RedisSentinelFailoverIT {

    @Test
    void reservationsGoOnOnThePromotedReplicaAfterTheMasterIsKilled() throws Exception {
        try (RedisSentinels sentinels = RedisSentinels.start();
             RedisConnection redis = RedisConnection.open(RedisEndpoint.parse("REDIS_URI", sentinels.uri())
                     .withTimeout(Duration.ofSeconds(1)))) {
            RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("sentinel"));
            SlotLeases slots = new SlotLeases(redis, keys, new SlotLeases.Settings(new Limits(Limits.defaults().globalRate(), 3,
                    ConfiguredClientLimits.NONE), false, Duration.ofMinutes(5), Duration.ofSeconds(3)));
            assertThat(slots.reserve(new SlotHolder("acme", "camp", "a1"), null, Duration.ofMinutes(1)))
                    .isInstanceOf(Reservation.Reserved.class);
            // the lease reached the replica before the master dies: no acknowledged write is lost here
            RedisCluster.withNode(sentinels.master(), r -> r.waitForReplication(1, 5_000));

            sentinels.master().kill();
            long killed = System.nanoTime();
            Reservation after = null;
            int errors = 0;
            while (after == null && System.nanoTime() - killed < Duration.ofSeconds(60).toNanos()) {
                try {
                    after = slots.reserve(new SlotHolder("acme", "camp", "a2"), null, Duration.ofMinutes(1));
                } catch (RuntimeException e) {
                    errors++;
                    Thread.sleep(200);
                }
            }
            Duration window = Duration.ofNanos(System.nanoTime() - killed);
            System.out.printf("sentinel failover: reserved again %d ms after kill -9 of the master (%d errors)%n",
                    window.toMillis(), errors);

            assertThat(after).as("a reservation on the promoted replica within 60 s").isEqualTo(new Reservation.Reserved(2, 3));
            String replication = RedisCluster.withNode(sentinels.replica(), r -> r.info("replication"));
            assertThat(replication).contains("role:master");
            assertThat(slots.active("acme")).isEqualTo(2);
        }
    }
}
