package com.dialer.state.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.limits.LiveLimits;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;


/**
 * The reservation script against configurations nobody chose: seeded random client caps, campaign caps
 * above and below them (or none), 2–4 campaigns, 50 concurrent reservers on real Redis, random hold
 * times, and caps changed mid-run. Measured from the holders' side (a holder counts itself after its
 * reservation returns and uncounts before it releases, so it never counts more than Redis holds), every
 * reservation made while the caps stood still must see at most the caps in force; every slot returns.
 * {@code -Dcaps.seed=N} replays a run, {@code -Dcaps.cases=N} sets how many configurations.
 */
@ExtendWith(LocalStackExtension.class)
class TwoLevelCapsPropertyIT {
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final int RESERVERS = 50;

    private final List<RedisConnection> connections = new ArrayList<>();

    @BeforeEach
    void connect(LocalStack stack) {
        for (int i = 0; i < 4; i++) {
            connections.add(RedisConnection.open("REDIS_URI", stack.redis().uri()));
        }
    }

    @AfterEach
    void close() {
        connections.forEach(RedisConnection::close);
    }

    /** One generated configuration: a client cap, campaign caps (null = none), and a change of them mid-run. */
    record Case(long seed, int clientCap, Integer[] campaignCaps, int newClientCap, int changedCampaign, Integer newCampaignCap,
                int holdMaxMillis) {

        static Case generate(long seed) {
            Random r = new Random(seed);
            int clientCap = 1 + r.nextInt(10);
            int campaigns = 2 + r.nextInt(3);
            Integer[] caps = new Integer[campaigns];
            for (int i = 0; i < campaigns; i++) {
                caps[i] = r.nextInt(4) == 0 ? null : 1 + r.nextInt(12);
            }
            int changed = r.nextInt(campaigns);
            Integer newCap = r.nextInt(4) == 0 ? null : 1 + r.nextInt(12);
            return new Case(seed, clientCap, caps, 1 + r.nextInt(10), changed, newCap, 1 + r.nextInt(4));
        }
    }

    @Test
    void noConfigurationLetsAClientOrACampaignHoldMoreThanTheCapsInForce() throws Exception {
        long base = Long.getLong("caps.seed", 20261207L);
        int cases = Integer.getInteger("caps.cases", 200);
        int saturated = 0;
        long reservations = 0;
        for (int n = 0; n < cases; n++) {
            Case c = Case.generate(base + n);
            Result result = run(c, new RedisKeys(LocalStack.uniquePrefix("caps" + n)));
            reservations += result.reservations();
            if (result.saturated()) {
                saturated++;
            }
        }
        System.out.printf("two-level caps: %d configurations (seed %d), %d reservations, %d reached a cap%n",
                cases, base, reservations, saturated);
        assertThat(saturated).as("the generated load must push most configurations to a cap").isGreaterThan(cases * 3 / 4);
    }

    record Result(long reservations, boolean saturated) {
    }

    private Result run(Case c, RedisKeys keys) throws Exception {
        String clientId = "client";
        int campaigns = c.campaignCaps().length;
        LiveLimits live = new LiveLimits(connections.get(0).sync(), keys, Limits.defaults());
        live.setClientCap(clientId, c.clientCap());
        for (int i = 0; i < campaigns; i++) {
            live.mirrorCampaignCap(clientId, "camp" + i, c.campaignCaps()[i]);
        }
        // the caps in force as the reservers may assume them: changed only while epoch is odd
        AtomicInteger epoch = new AtomicInteger();
        AtomicInteger clientCap = new AtomicInteger(c.clientCap());
        Integer[] campaignCaps = c.campaignCaps().clone();
        AtomicInteger clientHolders = new AtomicInteger();
        AtomicIntegerArray campaignHolders = new AtomicIntegerArray(campaigns);
        AtomicInteger maxClient = new AtomicInteger();
        AtomicIntegerArray maxCampaign = new AtomicIntegerArray(campaigns);
        AtomicLong reservations = new AtomicLong();
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + Duration.ofMillis(120).toNanos();
        long changeAt = System.nanoTime() + Duration.ofMillis(40 + new Random(c.seed()).nextInt(50)).toNanos();

        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < RESERVERS; w++) {
                int worker = w;
                SlotLeases slots = new SlotLeases(connections.get(w % connections.size()), keys, new SlotLeases.Settings(
                        new Limits(Limits.defaults().globalRate(), 1, ConfiguredClientLimits.NONE), false, Duration.ofMinutes(5), Duration.ofMinutes(2)));
                done.add(workers.submit(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        int campaign = r.nextInt(campaigns);
                        SlotHolder holder = new SlotHolder(clientId, "camp" + campaign, "camp" + campaign + ":w" + worker + ":" + n++);
                        int before = epoch.get();
                        Integer carried = c.campaignCaps()[campaign];
                        if (slots.reserve(holder, carried, LEASE) instanceof Reservation.Reserved) {
                            reservations.incrementAndGet();
                            int inClient = clientHolders.incrementAndGet();
                            int inCampaign = campaignHolders.incrementAndGet(campaign);
                            maxClient.accumulateAndGet(inClient, Math::max);
                            maxCampaign.accumulateAndGet(campaign, inCampaign, Math::max);
                            if (before % 2 == 0 && epoch.get() == before) {
                                Integer campaignCap = campaignCaps[campaign];
                                if (inClient > clientCap.get() || (campaignCap != null && inCampaign > campaignCap)) {
                                    violations.add("seed " + c.seed() + ": " + inClient + " live for client cap " + clientCap.get()
                                            + ", " + inCampaign + " in camp" + campaign + " for cap " + campaignCap);
                                }
                            }
                            Thread.sleep(r.nextInt(c.holdMaxMillis() + 1));
                            clientHolders.decrementAndGet();
                            campaignHolders.decrementAndGet(campaign);
                            if (!slots.release(holder)) {
                                violations.add("seed " + c.seed() + ": " + holder + " had lost its slot");
                            }
                        } else {
                            Thread.sleep(r.nextInt(2));
                        }
                    }
                    return null;
                }));
            }
            done.add(workers.submit(() -> {
                while (System.nanoTime() < changeAt) {
                    Thread.sleep(5);
                }
                epoch.incrementAndGet();
                clientCap.set(c.newClientCap());
                campaignCaps[c.changedCampaign()] = c.newCampaignCap();
                live.setClientCap(clientId, c.newClientCap());
                live.mirrorCampaignCap(clientId, "camp" + c.changedCampaign(), c.newCampaignCap());
                epoch.incrementAndGet();
                return null;
            }));
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(violations).as("case %s", c).isEmpty();
        var redis = connections.get(0).sync();
        assertThat(redis.zcard(keys.slots(clientId))).as("slots left, case %s", c).isZero();
        boolean saturated = maxClient.get() >= Math.min(c.clientCap(), c.newClientCap());
        for (int i = 0; i < campaigns; i++) {
            assertThat(redis.zcard(keys.campaignSlots(clientId, "camp" + i))).as("campaign slots left, case %s", c).isZero();
            Integer cap = c.campaignCaps()[i];
            saturated |= cap != null && maxCampaign.get(i) >= cap;
        }
        return new Result(reservations.get(), saturated);
    }
}
