package com.dialer.state.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.state.RedisKeys;
import com.dialer.state.slots.SlotLeases.DialVerdict;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

@ExtendWith(LocalStackExtension.class)
class SlotLeasesIT {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private SlotLeases slots;
    private RedisKeys keys;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
        keys = new RedisKeys(LocalStack.uniquePrefix("slots"));
        slots = new SlotLeases(connection, keys, new SlotLeases.Settings(10, false, Duration.ofMinutes(5)));
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void fiftyConcurrentReserversNeverHoldMoreThanTheCapAndEverySlotReturns() throws Exception {
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicLong reservations = new AtomicLong();
        AtomicLong denials = new AtomicLong();
        long deadline = System.currentTimeMillis() + 4_000;
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 50; w++) {
                int worker = w;
                done.add(workers.submit(() -> {
                    // each worker its own connection: 50 truly concurrent clients of Redis
                    try (var c = client.connect()) {
                        SlotLeases mine = new SlotLeases(c, keys, new SlotLeases.Settings(10, false, Duration.ofMinutes(5)));
                        int n = 0;
                        while (System.currentTimeMillis() < deadline) {
                            String attempt = "w" + worker + "-" + n++;
                            if (mine.reserve("client-42", attempt, LEASE) instanceof Reservation.Reserved) {
                                reservations.incrementAndGet();
                                maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                                assertThat(mine.markDialing("client-42", attempt, LEASE)).isTrue();
                                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 30));
                                holders.decrementAndGet();
                                assertThat(mine.release("client-42", attempt)).isTrue();
                            } else {
                                denials.incrementAndGet();
                                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        System.out.printf("slot leases, 50 workers, cap 10: %d reservations, %d denials, max simultaneous holders %d%n",
                reservations.get(), denials.get(), maxHolders.get());

        assertThat(maxHolders.get()).isLessThanOrEqualTo(10);
        assertThat(maxHolders.get()).as("the test must actually saturate the cap").isEqualTo(10);
        assertThat(reservations.get()).isGreaterThan(50);
        assertThat(slots.active("client-42")).isZero();
        assertThat(connection.sync().zcard(keys.slots("client-42"))).isZero();
    }

    @Test
    void aRedeliveredRequestIsADuplicateAndTakesNoSecondSlot() {
        assertThat(slots.reserve("c1", "a-1", LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.markDialing("c1", "a-1", LEASE)).isTrue();

        Reservation again = slots.reserve("c1", "a-1", LEASE);

        assertThat(again).isEqualTo(new Reservation.Duplicate("DIALING"));
        assertThat(slots.active("c1")).isEqualTo(1);
        assertThat(slots.markDialing("c1", "a-1", LEASE)).as("dialing twice").isFalse();
    }

    @Test
    void aCrashedHoldersSlotComesBackWhenItsShortLeaseEnds() {
        slots.setCap("c2", 1);
        assertThat(slots.reserve("c2", "crashed", Duration.ofMillis(300))).isInstanceOf(Reservation.Reserved.class);
        Reservation full = slots.reserve("c2", "next", LEASE);
        assertThat(full).isInstanceOfSatisfying(Reservation.Full.class,
                f -> assertThat(f.nextLeaseEnds()).isLessThanOrEqualTo(Duration.ofMillis(300)));

        await().atMost(Duration.ofSeconds(10)).until(() -> slots.reserve("c2", "next", LEASE) instanceof Reservation.Reserved);
        // the crashed attempt's lease ended: it must not dial now, and may be reserved afresh later
        assertThat(slots.markDialing("c2", "crashed", LEASE)).isFalse();
        assertThat(slots.dialState("c2", "crashed")).isNull();
    }

    @Test
    void aReservationWhoseHolderDiedBeforeDialingIsTakenOverByTheRedeliveredRequestOnceItsLeaseEnds() {
        // an executor reserved, then was killed before marking the attempt DIALING: its guard stays RESERVED
        assertThat(slots.reserve("c5", "orphan", Duration.ofMillis(300))).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.reserve("c5", "orphan", LEASE)).as("while the lease lives, the holder may still dial")
                .isEqualTo(new Reservation.Duplicate("RESERVED"));

        // the request, delivered again, must not be swallowed by the dead holder's guard
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.reserve("c5", "orphan", LEASE) instanceof Reservation.Reserved);

        assertThat(slots.active("c5")).isEqualTo(1);
        assertThat(slots.markDialing("c5", "orphan", LEASE)).isTrue();
        assertThat(slots.reserve("c5", "orphan", LEASE)).as("dialed now: never again").isEqualTo(new Reservation.Duplicate("DIALING"));
    }

    @Test
    void aClientWhoseLimitsRedisLostKeepsItsConfiguredCapNotTheDefault() {
        SlotLeases configured = new SlotLeases(connection, keys, new SlotLeases.Settings(10, false, Duration.ofMinutes(5),
                ConfiguredClientLimits.parse("c6=2")));
        // no limits:{c6} in Redis (lost with the rest of its data, or never written)
        assertThat(configured.reserve("c6", "a", LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(configured.reserve("c6", "b", LEASE)).isEqualTo(new Reservation.Reserved(2, 2));
        assertThat(configured.reserve("c6", "c", LEASE)).isInstanceOf(Reservation.Full.class);
        assertThat(configured.reserve("other", "a", LEASE)).as("a client not configured has the default")
                .isEqualTo(new Reservation.Reserved(1, 10));

        configured.setCap("c6", 3);
        assertThat(configured.reserve("c6", "c", LEASE)).as("Redis' live value wins").isEqualTo(new Reservation.Reserved(3, 3));
    }

    @Test
    void aCapChangeAppliesToTheNextReservation() {
        slots.setCap("c3", 1);
        assertThat(slots.reserve("c3", "a", LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.reserve("c3", "b", LEASE)).isInstanceOf(Reservation.Full.class);

        slots.setCap("c3", 2);

        assertThat(slots.reserve("c3", "b", LEASE)).isEqualTo(new Reservation.Reserved(2, 2));
    }

    @Test
    void aRejectedDialFreesTheSlotAndAnAcceptedOneHoldsItForTheCallsLife() {
        slots.reserve("c4", "rejected", LEASE);
        slots.markDialing("c4", "rejected", LEASE);
        slots.reserve("c4", "accepted", Duration.ofMillis(200));
        slots.markDialing("c4", "accepted", Duration.ofMillis(200));

        slots.settle("c4", "rejected", DialVerdict.REJECTED, null, LEASE);
        slots.settle("c4", "accepted", DialVerdict.ACCEPTED, "req-1", Duration.ofHours(4));

        assertThat(slots.dialState("c4", "rejected")).isEqualTo("REJECTED");
        assertThat(slots.dialState("c4", "accepted")).isEqualTo("ACCEPTED");
        assertThat(connection.sync().hget(keys.dialGuard("c4", "accepted"), "requestUuid")).isEqualTo("req-1");
        assertThat(connection.sync().zscore(keys.slots("c4"), "rejected")).isNull();
        // the short lease was extended to the call's life: still held well after 200 ms
        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(slots.active("c4")).isEqualTo(1);
        assertThat(slots.release("c4", "accepted")).isTrue();
        assertThat(slots.release("c4", "accepted")).as("release is idempotent").isFalse();
    }

    @Test
    void noReservationIsTrustedAfterRedisLostItsStateUntilItWasRebuilt() {
        SlotLeases guarded = new SlotLeases(connection, keys, new SlotLeases.Settings(10, true, Duration.ofMinutes(5)));
        assertThat(guarded.reserve("c5", "a", LEASE)).isInstanceOf(Reservation.NotReady.class);

        connection.sync().set(keys.seeded("c5"), "1");

        assertThat(guarded.reserve("c5", "a", LEASE)).isInstanceOf(Reservation.Reserved.class);
    }

    @Test
    void aClientNeverSeenBeforeIsReadyOnceTheStatusProcessorReseededAllOfRedis() {
        SlotLeases guarded = new SlotLeases(connection, keys, new SlotLeases.Settings(10, true, Duration.ofMinutes(5)));
        assertThat(guarded.reserve("new-client", "a", LEASE)).isInstanceOf(Reservation.NotReady.class);
        assertThat(connection.sync().exists(keys.seeded("new-client"))).isZero();

        connection.sync().set(keys.seededGlobal(), "status-processor@1");

        assertThat(guarded.reserve("new-client", "a", LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(connection.sync().get(keys.seeded("new-client"))).isEqualTo("status-processor@1");
    }

    @Test
    void aClientsMarkerIsNotAdoptedWithoutTheGlobalOne() {
        SlotLeases guarded = new SlotLeases(connection, keys, new SlotLeases.Settings(10, true, Duration.ofMinutes(5)));
        assertThat(guarded.adoptGlobalReadiness("c6")).isFalse();
        assertThat(connection.sync().exists(keys.seeded("c6"))).isZero();
    }

    private void dialUnknown(String client, String attempt) {
        assertThat(slots.reserve(client, attempt, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.markDialing(client, attempt, LEASE)).isTrue();
        slots.settle(client, attempt, DialVerdict.UNKNOWN, null, Duration.ofSeconds(10));
    }

    @Test
    void anUnknownDialFoundAtPlivoIsAcceptedWithItsUuidsAndItsLeaseExtendedToTheCall() {
        dialUnknown("u1", "a1");
        assertThat(slots.reserve("u1", "a1", LEASE)).isEqualTo(new Reservation.Duplicate("UNKNOWN"));
        assertThat(slots.confirmPlaced("u1", "a1", "req-1", "call-1", Duration.ofHours(1))).isTrue();
        assertThat(slots.dialGuard("u1", "a1")).containsEntry("state", "ACCEPTED").containsEntry("requestUuid", "req-1")
                .containsEntry("callUuid", "call-1");
        double expiry = connection.sync().zscore(keys.slots("u1"), "a1");
        assertThat(expiry).isGreaterThan((System.currentTimeMillis() + 50 * 60_000L) * 1000.0);
        // settled once: a second confirmation changes nothing
        assertThat(slots.confirmPlaced("u1", "a1", "req-2", "call-2", Duration.ofHours(1))).isFalse();
    }

    @Test
    void aCallFoundPlacedAfterItsHangupReleasedTheSlotDoesNotGetItsSlotBack() {
        dialUnknown("u2", "a2");
        slots.release("u2", "a2"); // its hangup came first
        assertThat(slots.confirmPlaced("u2", "a2", null, "call-2", Duration.ofHours(1))).isTrue();
        assertThat(slots.active("u2")).isZero();
    }

    @Test
    void anUnknownDialProvenNotPlacedFreesItsSlotAndAllowsExactlyOneMoreDialOfThatAttempt() {
        dialUnknown("u3", "a3");
        assertThat(slots.releaseUnplaced("u3", "a3", 2, "not placed")).isEqualTo(new SlotLeases.Unplaced.Redial(1));
        assertThat(slots.active("u3")).isZero();
        // a second settler of the same attempt (a redelivery) finds it settled
        assertThat(slots.releaseUnplaced("u3", "a3", 2, "not placed")).isEqualTo(new SlotLeases.Unplaced.Stale("UNPLACED"));
        assertThat(slots.reserve("u3", "a3", LEASE)).isInstanceOf(Reservation.Reserved.class);
        // reserved again: every other delivery meets the guard
        assertThat(slots.reserve("u3", "a3", LEASE)).isEqualTo(new Reservation.Duplicate("RESERVED"));
        assertThat(slots.dialGuard("u3", "a3")).containsEntry("unplaced", "1");
    }

    @Test
    void pastTheBoundOnRedialsAnUnplacedAttemptEndsRejectedWithTheReason() {
        for (int i = 1; i <= 2; i++) {
            dialUnknown("u4", "a4");
            assertThat(slots.releaseUnplaced("u4", "a4", 1, "never placed")).isInstanceOf(
                    i == 1 ? SlotLeases.Unplaced.Redial.class : SlotLeases.Unplaced.GaveUp.class);
        }
        assertThat(slots.dialGuard("u4", "a4")).containsEntry("state", "REJECTED").containsEntry("reason", "never placed");
        assertThat(slots.reserve("u4", "a4", LEASE)).isEqualTo(new Reservation.Duplicate("REJECTED"));
        assertThat(slots.active("u4")).isZero();
    }

    @Test
    void anUnknownDialWhoseCallbacksReachedTheAttemptIsNeverCalledUnplaced() {
        dialUnknown("u5", "a5");
        connection.sync().hset(keys.attempt("u5", "a5"), "plivoCallUuid", "call-5");
        assertThat(slots.releaseUnplaced("u5", "a5", 3, "not placed")).isEqualTo(new SlotLeases.Unplaced.Seen("call-5"));
        assertThat(slots.active("u5")).isEqualTo(1);
        assertThat(slots.dialState("u5", "a5")).isEqualTo("UNKNOWN");
    }
}
