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

import com.dialer.state.RedisConnection;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.Reseeding;
import com.dialer.state.limits.CapValue;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.limits.LiveLimits;
import com.dialer.state.slots.SlotLeases.DialVerdict;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;


@ExtendWith(LocalStackExtension.class)
class SlotLeasesIT {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private RedisEndpoint endpoint;
    private RedisConnection connection;
    private SlotLeases slots;
    private RedisKeys keys;

    @BeforeEach
    void connect(LocalStack stack) {
        endpoint = RedisEndpoint.parse("REDIS_URI", stack.redis().uri());
        connection = RedisConnection.open(endpoint);
        keys = new RedisKeys(LocalStack.uniquePrefix("slots"));
        slots = new SlotLeases(connection, keys, settings(10, false));
    }

    private static SlotHolder h(String client, String attempt) {
        return new SlotHolder(client, "camp", attempt);
    }

    private static SlotLeases.Settings settings(int defaultCap, boolean requireSeeded) {
        return new SlotLeases.Settings(new Limits(Limits.defaults().globalRate(), defaultCap, ConfiguredClientLimits.NONE),
                requireSeeded, Duration.ofMinutes(5), Duration.ofMinutes(2));
    }

    private LiveLimits live() {
        return new LiveLimits(connection.sync(), keys, Limits.defaults());
    }

    @AfterEach
    void close() {
        connection.close();
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
                    try (var c = RedisConnection.open(endpoint)) {
                        SlotLeases mine = new SlotLeases(c, keys, settings(10, false));
                        int n = 0;
                        while (System.currentTimeMillis() < deadline) {
                            String attempt = "w" + worker + "-" + n++;
                            if (mine.reserve(h("client-42", attempt), null, LEASE) instanceof Reservation.Reserved) {
                                reservations.incrementAndGet();
                                maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                                assertThat(mine.markDialing(h("client-42", attempt), LEASE)).isTrue();
                                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 30));
                                holders.decrementAndGet();
                                assertThat(mine.release(h("client-42", attempt))).isTrue();
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
        assertThat(slots.reserve(h("c1", "a-1"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.markDialing(h("c1", "a-1"), LEASE)).isTrue();

        Reservation again = slots.reserve(h("c1", "a-1"), null, LEASE);

        assertThat(again).isEqualTo(new Reservation.Duplicate("DIALING"));
        assertThat(slots.active("c1")).isEqualTo(1);
        assertThat(slots.markDialing(h("c1", "a-1"), LEASE)).as("dialing twice").isFalse();
    }

    @Test
    void aCrashedHoldersSlotComesBackWhenItsShortLeaseEnds() {
        live().setClientCap("c2", 1);
        assertThat(slots.reserve(h("c2", "crashed"), null, Duration.ofMillis(300))).isInstanceOf(Reservation.Reserved.class);
        Reservation full = slots.reserve(h("c2", "next"), null, LEASE);
        assertThat(full).isInstanceOfSatisfying(Reservation.Full.class,
                f -> assertThat(f.nextLeaseEnds()).isLessThanOrEqualTo(Duration.ofMillis(300)));

        await().atMost(Duration.ofSeconds(10)).until(() -> slots.reserve(h("c2", "next"), null, LEASE) instanceof Reservation.Reserved);
        // the crashed attempt's lease ended: it must not dial now, and may be reserved afresh later
        assertThat(slots.markDialing(h("c2", "crashed"), LEASE)).isFalse();
        assertThat(slots.dialState("c2", "crashed")).isNull();
    }

    @Test
    void aReservationWhoseHolderDiedBeforeDialingIsTakenOverByTheRedeliveredRequestOnceItsLeaseEnds() {
        // an executor reserved, then was killed before marking the attempt DIALING: its guard stays RESERVED
        assertThat(slots.reserve(h("c5", "orphan"), null, Duration.ofMillis(300))).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.reserve(h("c5", "orphan"), null, LEASE)).as("while the lease lives, the holder may still dial")
                .isEqualTo(new Reservation.Duplicate("RESERVED"));

        // the request, delivered again, must not be swallowed by the dead holder's guard
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.reserve(h("c5", "orphan"), null, LEASE) instanceof Reservation.Reserved);

        assertThat(slots.active("c5")).isEqualTo(1);
        assertThat(slots.markDialing(h("c5", "orphan"), LEASE)).isTrue();
        assertThat(slots.reserve(h("c5", "orphan"), null, LEASE)).as("dialed now: never again").isEqualTo(new Reservation.Duplicate("DIALING"));
    }

    @Test
    void aClientWhoseLimitsRedisLostKeepsItsConfiguredCapNotTheDefault() {
        SlotLeases configured = new SlotLeases(connection, keys, new SlotLeases.Settings(
                new Limits(Limits.defaults().globalRate(), 10, ConfiguredClientLimits.parse("c6=2")), false, Duration.ofMinutes(5), Duration.ofMinutes(2)));
        // no limits:{c6} in Redis (lost with the rest of its data, or never written)
        assertThat(configured.reserve(h("c6", "a"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(configured.reserve(h("c6", "b"), null, LEASE)).isEqualTo(new Reservation.Reserved(2, 2));
        assertThat(configured.reserve(h("c6", "c"), null, LEASE)).isInstanceOf(Reservation.Full.class);
        assertThat(configured.reserve(h("other", "a"), null, LEASE)).as("a client not configured has the default")
                .isEqualTo(new Reservation.Reserved(1, 10));

        live().setClientCap("c6", 3);
        assertThat(configured.reserve(h("c6", "c"), null, LEASE)).as("Redis' live value wins").isEqualTo(new Reservation.Reserved(3, 3));
    }

    @Test
    void aCapChangeAppliesToTheNextReservation() {
        live().setClientCap("c3", 1);
        assertThat(slots.reserve(h("c3", "a"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.reserve(h("c3", "b"), null, LEASE)).isInstanceOf(Reservation.Full.class);

        live().setClientCap("c3", 2);

        assertThat(slots.reserve(h("c3", "b"), null, LEASE)).isEqualTo(new Reservation.Reserved(2, 2));
    }

    @Test
    void aRejectedDialFreesTheSlotAndAnAcceptedOneHoldsItForTheCallsLife() {
        slots.reserve(h("c4", "rejected"), null, LEASE);
        slots.markDialing(h("c4", "rejected"), LEASE);
        slots.reserve(h("c4", "accepted"), null, Duration.ofMillis(200));
        slots.markDialing(h("c4", "accepted"), Duration.ofMillis(200));

        slots.settle(h("c4", "rejected"), DialVerdict.REJECTED, null, LEASE);
        slots.settle(h("c4", "accepted"), DialVerdict.ACCEPTED, "req-1", Duration.ofHours(4));

        assertThat(slots.dialState("c4", "rejected")).isEqualTo("REJECTED");
        assertThat(slots.dialState("c4", "accepted")).isEqualTo("ACCEPTED");
        assertThat(connection.sync().hget(keys.dialGuard("c4", "accepted"), "requestUuid")).isEqualTo("req-1");
        assertThat(connection.sync().zscore(keys.slots("c4"), "rejected")).isNull();
        // the short lease was extended to the call's life: still held well after 200 ms
        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(slots.active("c4")).isEqualTo(1);
        assertThat(slots.release(h("c4", "accepted"))).isTrue();
        assertThat(slots.release(h("c4", "accepted"))).as("release is idempotent").isFalse();
    }

    @Test
    void noReservationIsTrustedAfterRedisLostItsStateUntilItWasRebuilt() {
        SlotLeases guarded = new SlotLeases(connection, keys, settings(10, true));
        assertThat(guarded.reserve(h("c5", "a"), null, LEASE)).isInstanceOf(Reservation.NotReady.class);

        connection.sync().set(keys.seeded("c5"), "1");

        assertThat(guarded.reserve(h("c5", "a"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
    }

    private void reseed(String marker) {
        Reseeding reseeding = new Reseeding(keys, Duration.ofMinutes(5));
        String token = reseeding.begin(connection.sync(), 0);
        assertThat(reseeding.finish(connection.sync(), 0, token, 1, marker)).isEqualTo(Reseeding.Readiness.SEEDED);
    }

    @Test
    void aClientNeverSeenBeforeIsReadyOnceTheStatusProcessorReseededAllOfRedis() {
        SlotLeases guarded = new SlotLeases(connection, keys, settings(10, true));
        assertThat(guarded.reserve(h("new-client", "a"), null, LEASE)).isInstanceOf(Reservation.NotReady.class);
        assertThat(connection.sync().exists(keys.seeded("new-client"))).isZero();

        reseed("status-processor@1");

        assertThat(guarded.reserve(h("new-client", "a"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(connection.sync().get(keys.seeded("new-client"))).isEqualTo("status-processor@1");
    }

    @Test
    void aClientWhoseSlotLostItsDataIsRefusedForOneLeasePeriodThoughTheGlobalMarkerSurvived() throws Exception {
        SlotLeases guarded = new SlotLeases(connection, keys, new SlotLeases.Settings(
                new Limits(Limits.defaults().globalRate(), 10, ConfiguredClientLimits.NONE), true, Duration.ofMinutes(5),
                Duration.ofSeconds(2)));
        reseed("status-processor@1");
        assertThat(keys.slotWitness("other")).isNotEqualTo(keys.slotWitness("c7"));
        assertThat(guarded.reserve(h("c7", "a"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
        // the shard serving c7's slot loses its data (on a cluster the global marker lives elsewhere and stays)
        connection.sync().del(keys.seeded("c7"), keys.slots("c7"), keys.dialGuard("c7", "a"), keys.slotWitness("c7"));
        assertThat(connection.sync().exists(keys.seededGlobal())).isOne();

        assertThat(guarded.reserve(h("c7", "b"), null, LEASE)).as("the global marker does not vouch for a lost slot")
                .isInstanceOf(Reservation.NotReady.class);
        assertThat(connection.sync().get(keys.seeded("c7"))).startsWith("unproven-until:");
        assertThat(guarded.reserve(h("other", "a"), null, LEASE)).as("a client whose slot kept its witness")
                .isInstanceOf(Reservation.Reserved.class);

        Thread.sleep(2_100);
        assertThat(guarded.reserve(h("c7", "b"), null, LEASE)).as("one lease period later").isInstanceOf(Reservation.Reserved.class);
    }

    @Test
    void aClientsMarkerIsNotAdoptedWithoutTheGlobalOne() {
        SlotLeases guarded = new SlotLeases(connection, keys, settings(10, true));
        assertThat(guarded.adoptGlobalReadiness("c6")).isFalse();
        assertThat(connection.sync().exists(keys.seeded("c6"))).isZero();
    }

    @Test
    void aCampaignsCapBoundsItsCallsAndNeverRaisesItsClients() {
        live().setClientCap("k1", 3);
        SlotHolder a1 = new SlotHolder("k1", "camp-a", "camp-a:c1:1");
        SlotHolder a2 = new SlotHolder("k1", "camp-a", "camp-a:c2:1");
        assertThat(slots.reserve(a1, 1, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.reserve(a2, 1, LEASE)).as("campaign at its cap of 1")
                .isInstanceOfSatisfying(Reservation.Full.class, f -> assertThat(f.level()).isEqualTo(Reservation.Level.CAMPAIGN));

        for (int i = 1; i <= 2; i++) {
            assertThat(slots.reserve(new SlotHolder("k1", "camp-b", "camp-b:c" + i + ":1"), 7, LEASE)).isInstanceOf(Reservation.Reserved.class);
        }
        assertThat(slots.reserve(new SlotHolder("k1", "camp-b", "camp-b:c3:1"), 7, LEASE)).as("client at 3 although camp-b allows 7")
                .isInstanceOfSatisfying(Reservation.Full.class, f -> assertThat(f.level()).isEqualTo(Reservation.Level.CLIENT));

        assertThat(slots.release(a1)).isTrue();
        assertThat(slots.active("k1", "camp-a")).isZero();
        assertThat(slots.reserve(a2, 1, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.active("k1")).isEqualTo(3);
        assertThat(slots.active("k1", "camp-b")).isEqualTo(2);
    }

    @Test
    void theCampaignCapTheSchedulerMirroredWinsOverTheOneARequestCarries() {
        LiveLimits limits = live();
        limits.mirrorCampaignCap("k2", "camp", 1);
        assertThat(slots.reserve(new SlotHolder("k2", "camp", "camp:c1:1"), 5, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.reserve(new SlotHolder("k2", "camp", "camp:c2:1"), 5, LEASE)).as("lowered to 1 after the request was released")
                .isInstanceOf(Reservation.Full.class);

        limits.mirrorCampaignCap("k2", "camp", null);
        assertThat(slots.reserve(new SlotHolder("k2", "camp", "camp:c2:1"), 1, LEASE)).as("no campaign cap any more")
                .isInstanceOf(Reservation.Reserved.class);
        assertThat(limits.campaign("k2", "camp", 1).cap()).isNull();
    }

    @Test
    void loweringACapEndsNoLiveCallButAdmitsNoneUntilBelowIt() {
        for (int i = 0; i < 4; i++) {
            assertThat(slots.reserve(h("k3", "a" + i), 4, LEASE)).isInstanceOf(Reservation.Reserved.class);
        }
        live().mirrorCampaignCap("k3", "camp", 2);

        assertThat(slots.active("k3", "camp")).isEqualTo(4);
        slots.release(h("k3", "a0"));
        slots.release(h("k3", "a1"));
        assertThat(slots.reserve(h("k3", "b"), 4, LEASE)).as("3 live > cap 2 - 1").isInstanceOf(Reservation.Full.class);
        slots.release(h("k3", "a2"));
        assertThat(slots.reserve(h("k3", "b"), 4, LEASE)).isInstanceOf(Reservation.Reserved.class);
    }

    @Test
    void theScriptReadsACapFieldExactlyAsCapValueDoes() {
        // a live value that is not a cap must fall back to the configured cap (10 here), never open the client up
        for (String raw : new String[] {"3", "0", "-1", "abc", "2.5", " 4", "1e3", "0x10", "", "1000001", "99999999"}) {
            String client = "raw-" + Integer.toHexString(raw.hashCode() & 0xffff);
            connection.sync().hset(keys.limits(client), "cap", raw);
            Integer expected = CapValue.parse(raw);
            Reservation r = slots.reserve(h(client, "x"), null, LEASE);
            int capSeen = r instanceof Reservation.Reserved res ? res.cap() : ((Reservation.Full) r).cap();
            assertThat(capSeen).as("cap field '%s'", raw).isEqualTo(expected == null ? 10 : expected);
        }
    }

    private void dialUnknown(String client, String attempt) {
        assertThat(slots.reserve(h(client, attempt), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
        assertThat(slots.markDialing(h(client, attempt), LEASE)).isTrue();
        slots.settle(h(client, attempt), DialVerdict.UNKNOWN, null, Duration.ofSeconds(10));
    }

    @Test
    void anUnknownDialFoundAtPlivoIsAcceptedWithItsUuidsAndItsLeaseExtendedToTheCall() {
        dialUnknown("u1", "a1");
        assertThat(slots.reserve(h("u1", "a1"), null, LEASE)).isEqualTo(new Reservation.Duplicate("UNKNOWN"));
        assertThat(slots.confirmPlaced(h("u1", "a1"), "req-1", "call-1", Duration.ofHours(1))).isTrue();
        assertThat(slots.dialGuard("u1", "a1")).containsEntry("state", "ACCEPTED").containsEntry("requestUuid", "req-1")
                .containsEntry("callUuid", "call-1");
        double expiry = connection.sync().zscore(keys.slots("u1"), "a1");
        assertThat(expiry).isGreaterThan((System.currentTimeMillis() + 50 * 60_000L) * 1000.0);
        // settled once: a second confirmation changes nothing
        assertThat(slots.confirmPlaced(h("u1", "a1"), "req-2", "call-2", Duration.ofHours(1))).isFalse();
    }

    @Test
    void aCallFoundPlacedAfterItsHangupReleasedTheSlotDoesNotGetItsSlotBack() {
        dialUnknown("u2", "a2");
        slots.release(h("u2", "a2")); // its hangup came first
        assertThat(slots.confirmPlaced(h("u2", "a2"), null, "call-2", Duration.ofHours(1))).isTrue();
        assertThat(slots.active("u2")).isZero();
    }

    @Test
    void anUnknownDialProvenNotPlacedFreesItsSlotAndAllowsExactlyOneMoreDialOfThatAttempt() {
        dialUnknown("u3", "a3");
        assertThat(slots.releaseUnplaced(h("u3", "a3"), 2, "not placed")).isEqualTo(new SlotLeases.Unplaced.Redial(1));
        assertThat(slots.active("u3")).isZero();
        // a second settler of the same attempt (a redelivery) finds it settled
        assertThat(slots.releaseUnplaced(h("u3", "a3"), 2, "not placed")).isEqualTo(new SlotLeases.Unplaced.Stale("UNPLACED"));
        assertThat(slots.reserve(h("u3", "a3"), null, LEASE)).isInstanceOf(Reservation.Reserved.class);
        // reserved again: every other delivery meets the guard
        assertThat(slots.reserve(h("u3", "a3"), null, LEASE)).isEqualTo(new Reservation.Duplicate("RESERVED"));
        assertThat(slots.dialGuard("u3", "a3")).containsEntry("unplaced", "1");
    }

    @Test
    void pastTheBoundOnRedialsAnUnplacedAttemptEndsRejectedWithTheReason() {
        for (int i = 1; i <= 2; i++) {
            dialUnknown("u4", "a4");
            assertThat(slots.releaseUnplaced(h("u4", "a4"), 1, "never placed")).isInstanceOf(
                    i == 1 ? SlotLeases.Unplaced.Redial.class : SlotLeases.Unplaced.GaveUp.class);
        }
        assertThat(slots.dialGuard("u4", "a4")).containsEntry("state", "REJECTED").containsEntry("reason", "never placed");
        assertThat(slots.reserve(h("u4", "a4"), null, LEASE)).isEqualTo(new Reservation.Duplicate("REJECTED"));
        assertThat(slots.active("u4")).isZero();
    }

    @Test
    void anUnknownDialWhoseCallbacksReachedTheAttemptIsNeverCalledUnplaced() {
        dialUnknown("u5", "a5");
        connection.sync().hset(keys.attempt("u5", "a5"), "plivoCallUuid", "call-5");
        assertThat(slots.releaseUnplaced(h("u5", "a5"), 3, "not placed")).isEqualTo(new SlotLeases.Unplaced.Seen("call-5"));
        assertThat(slots.active("u5")).isEqualTo(1);
        assertThat(slots.dialState("u5", "a5")).isEqualTo("UNKNOWN");
    }
}
