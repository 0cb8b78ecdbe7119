package com.dialer.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.dialer.stack.LocalStack;
import com.dialer.stack.RedisCluster;
import com.dialer.stack.RedisServer;
import com.dialer.state.attempt.Reseeding;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.slots.Reservation;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;

import io.lettuce.core.cluster.SlotHash;

/** Reservations on a real 3+3 Redis Cluster while masters fail over, by hand and by kill -9. */
class RedisClusterFailoverIT {
    private static final int CAP = 4;
    private static final int WORKERS = 4;
    /** Short: a release lost in the failover leaves its slot taken until the lease ends, as a crashed holder's would. */
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration UNPROVEN_WAIT = Duration.ofSeconds(3);

    private static RedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RedisConnection open() {
        // a short command timeout: a command sent to a dead master fails in 1 s, not Lettuce's 60
        return RedisConnection.open(RedisEndpoint.parse("REDIS_URI", cluster.uri()).withTimeout(Duration.ofSeconds(1)));
    }

    private static SlotLeases guarded(RedisConnection redis, RedisKeys keys) {
        return new SlotLeases(redis, keys, new SlotLeases.Settings(new Limits(Limits.defaults().globalRate(), CAP,
                ConfiguredClientLimits.NONE), true, Duration.ofMinutes(5), UNPROVEN_WAIT));
    }

    /** As the status-processor would, on its own connection (Lettuce's timeout: 16384 witnesses on a busy machine). */
    private static void reseed(RedisKeys keys) {
        try (RedisConnection redis = RedisConnection.open("REDIS_URI", cluster.uri())) {
            Reseeding reseeding = new Reseeding(keys, Duration.ofMinutes(5));
            String token = reseeding.begin(redis.sync(), 0);
            assertThat(reseeding.finish(redis.sync(), 0, token, 1, "status-processor@test")).isEqualTo(Reseeding.Readiness.SEEDED);
        }
    }

    private static int slot(RedisKeys keys, String client) {
        return SlotHash.getSlot(keys.seeded(client));
    }

    /** A client whose keys another master serves than {@code avoid}'s. */
    private static String clientAwayFrom(RedisKeys keys, RedisServer avoid) {
        for (int i = 0; i < 100; i++) {
            if (cluster.masterOf(slot(keys, "client" + i)) != avoid) {
                return "client" + i;
            }
        }
        throw new IllegalStateException("every client on one master");
    }

    /** Reservers that reserve, hold briefly and release, counting what they hold at once and when Redis failed them. */
    private static final class Reservers implements AutoCloseable {
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger mostLive = new AtomicInteger();
        final AtomicLong lastReserved = new AtomicLong();
        final Queue<Long> errors = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        final List<Future<?>> running = new ArrayList<>();

        Reservers(SlotLeases slots, String client) {
            AtomicLong ids = new AtomicLong();
            for (int w = 0; w < WORKERS; w++) {
                running.add(pool.submit(() -> {
                    while (!stop.get()) {
                        SlotHolder h = new SlotHolder(client, "camp", "camp:c" + ids.incrementAndGet() + ":1");
                        boolean held = false;
                        try {
                            if (slots.reserve(h, null, LEASE) instanceof Reservation.Reserved) {
                                held = true;
                                lastReserved.set(System.nanoTime());
                                mostLive.accumulateAndGet(live.incrementAndGet(), Math::max);
                                Thread.sleep(5);
                                live.decrementAndGet();
                                held = false;
                                slots.release(h);
                            } else {
                                Thread.sleep(5);
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            // a timeout or a refused connection while the slot changes hands; a holder gives
                            // up (its lease ends on its own)
                            if (held) {
                                live.decrementAndGet();
                            }
                            errors.add(System.nanoTime());
                            sleep(50);
                        }
                    }
                }));
            }
        }

        /** Waits until a reservation succeeds after {@code since} (nanoTime); returns how long that took. */
        Duration awaitReservedAfter(long since, Duration atMost) {
            long deadline = since + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                if (lastReserved.get() > since) {
                    return Duration.ofNanos(lastReserved.get() - since);
                }
                sleep(20);
            }
            throw new AssertionError("no reservation within " + atMost + " of the fault; " + errors.size() + " errors");
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void reservationsGoOnThroughAManualFailoverAndAKilledMasterWithinABoundedErrorWindow() throws Exception {
        try (RedisConnection redis = open()) {
            RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("failover"));
            reseed(keys);
            SlotLeases slots = guarded(redis, keys);
            String client = "acme";
            RedisServer master = cluster.masterOf(slot(keys, client));
            RedisServer replica = cluster.replicaOf(master);
            try (Reservers reservers = new Reservers(slots, client)) {
                reservers.awaitReservedAfter(System.nanoTime(), Duration.ofSeconds(10));

                cluster.failover(replica);
                Duration afterFailover = reservers.awaitReservedAfter(System.nanoTime(), Duration.ofSeconds(15));
                int errorsAfterFailover = reservers.errors.size();
                assertThat(reservers.mostLive.get()).as("a manual failover loses no write: the cap holds").isLessThanOrEqualTo(CAP);

                replica.kill();
                long kill = System.nanoTime();
                Duration afterKill = reservers.awaitReservedAfter(kill, Duration.ofSeconds(30));
                long lastError = reservers.errors.stream().mapToLong(Long::longValue).max().orElse(kill);
                System.out.printf("cluster failover: reserved again %d ms after CLUSTER FAILOVER (%d errors), %d ms after kill -9 "
                        + "of the new master (%d errors, last %d ms after the kill); most held at once %d of cap %d%n",
                        afterFailover.toMillis(),
                        errorsAfterFailover, afterKill.toMillis(), reservers.errors.size() - errorsAfterFailover,
                        Duration.ofNanos(lastError - kill).toMillis(), reservers.mostLive.get(), CAP);
                assertThat(afterKill).as("the error window of a killed master").isLessThan(Duration.ofSeconds(30));
                // a kill -9 may lose the last acknowledged writes (replication is asynchronous): at most the
                // leases in flight, one per reserver
                assertThat(reservers.mostLive.get()).isLessThanOrEqualTo(CAP + WORKERS);
                Thread.sleep(1_000);
                int settled = reservers.errors.size();
                Thread.sleep(1_000);
                assertThat(reservers.errors.size()).as("no error once the replica took over").isEqualTo(settled);
            } finally {
                replica.restartEmpty();
                cluster.awaitHealthy(Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void aShardThatLostItsDataRefusesItsClientsForOneLeasePeriodWhileTheOthersGoOn() throws Exception {
        try (RedisConnection redis = open()) {
            RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("lost-shard"));
            reseed(keys);
            SlotLeases slots = guarded(redis, keys);
            RedisServer globalMaster = cluster.masterOf(SlotHash.getSlot(keys.seededGlobal()));
            String client = clientAwayFrom(keys, globalMaster);
            RedisServer master = cluster.masterOf(slot(keys, client));
            String other = clientAwayFrom(keys, master);
            assertThat(slots.reserve(new SlotHolder(client, "camp", "camp:c1:1"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
            assertThat(slots.reserve(new SlotHolder(other, "camp", "camp:c1:1"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);

            // the shard's master and its replica killed and started again empty: the slot comes back with no data
            RedisServer replica = cluster.replicaOf(master);
            replica.kill();
            master.restartEmpty();
            replica.restartEmpty();
            cluster.awaitHealthy(Duration.ofSeconds(60));
            assertThat(redis.sync().exists(keys.seededGlobal())).as("the global marker lives on another shard").isOne();

            Reservation refused = retryingThroughTheFailover(() -> slots.reserve(new SlotHolder(client, "camp", "camp:c2:1"), null, LEASE));
            assertThat(refused).as("the global marker does not vouch for a shard that lost its data")
                    .isInstanceOf(Reservation.NotReady.class);
            assertThat(redis.sync().get(keys.seeded(client))).startsWith("unproven-until:");
            assertThat(slots.reserve(new SlotHolder(other, "camp", "camp:c2:1"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);

            Thread.sleep(UNPROVEN_WAIT.toMillis() + 200);
            assertThat(slots.reserve(new SlotHolder(client, "camp", "camp:c2:1"), null, LEASE)).as("one lease period later")
                    .isInstanceOf(Reservation.Reserved.class);
        }
    }

    /** The client learns the restarted nodes within a few attempts (a refused connection, then a refreshed topology). */
    private static Reservation retryingThroughTheFailover(java.util.function.Supplier<Reservation> call) throws InterruptedException {
        RuntimeException last = null;
        for (int i = 0; i < 30; i++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw last;
    }
}
