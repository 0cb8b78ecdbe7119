package com.dialer.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import com.dialer.plivosim.OutcomeModel;
import com.dialer.plivosim.SimConfig;

/** The suite's scenarios: the full set (the {@code chaos} profile) and the smoke run of the default build. */
public final class Scenarios {
    /** The clients and their caps; the default cap is above them all, so a forgotten cap shows at the witness. */
    static final Map<String, Integer> CAPS = caps();
    static final Map<String, List<Integer>> CAMPAIGN_CAPS = campaignCaps();
    static final int DEFAULT_CAP = 12;
    static final int CALLS_PER_MINUTE = 1200;
    static final int BURST = 10;
    /** Simulated seconds: calls last about a real second at the time scale below. */
    static final int RING_TIMEOUT_SECONDS = 4;
    static final int TIME_LIMIT_SECONDS = 8;
    static final double TIME_SCALE = 0.1;

    private Scenarios() {
    }

    /**
     * Every fault, {@code contacts} contacts each (a few thousand in the chaos profile), each fault injected
     * {@code rounds} times, or when empty as often as its own default: 3 kills per service, 1 rolling restart,
     * 2 broker restarts, Redis losses and MongoDB outages, 3 rounds of Plivo trouble.
     */
    public static List<Scenario> full(long seed, int contacts, OptionalInt rounds) {
        List<Fault> faults = new ArrayList<>(List.of(new Fault.None()));
        for (Service service : Service.PIPELINE) {
            faults.add(new Fault.Kill(service, rounds.orElse(3)));
        }
        faults.addAll(List.of(new Fault.RollingRestart(rounds.orElse(1)), new Fault.BrokerRestart(rounds.orElse(2)),
                new Fault.RedisLoss(rounds.orElse(2)), new Fault.MongoOutage(rounds.orElse(2)),
                new Fault.PlivoTrouble(rounds.orElse(3), true)));
        List<Scenario> scenarios = new ArrayList<>();
        for (Fault fault : faults) {
            scenarios.add(scenario(scenarios.size(), fault, campaigns("chaos" + scenarios.size(), contacts), seed));
        }
        // Plivo unreliable against its own fault-free run, both in real time (see realTime)
        for (Fault fault : List.of(new Fault.None(), new Fault.PlivoUnreliable())) {
            long s = seed + scenarios.size();
            scenarios.add(new Scenario(fault instanceof Fault.None ? PLIVO_BASELINE : id(fault), Set.copyOf(Service.PIPELINE), fault,
                    realTime(stack(s, 100)), campaigns("chaos" + scenarios.size(), Math.max(100, contacts / 2)), s, Duration.ofMinutes(12)));
        }
        CampaignMix mix = campaigns("chaos" + scenarios.size(), contacts);
        scenarios.add(scenario(scenarios.size(), new Fault.BadInput(mix, seed), mix, seed));
        scenarios.addAll(upgrades(seed + scenarios.size(), contacts));
        return scenarios;
    }

    /** The global limit of the upgrade scenarios: slow enough that a campaign outlasts a deploy of every service. */
    static final int UPGRADE_CALLS_PER_MINUTE = 400;

    /**
     * Version N+1 deployed mid-campaign ({@link RollingUpgrade}), producers first and consumers first: the deploy starts
     * at a tenth of the contacts' dials, a wave of a tenth more contacts follows it. Ids {@code upgrade-producers-first},
     * {@code upgrade-consumers-first}.
     */
    public static List<Scenario> upgrades(long seed, int contacts) {
        List<Scenario> scenarios = new ArrayList<>();
        for (RollingUpgrade.Order order : RollingUpgrade.Order.values()) {
            long s = seed + scenarios.size();
            scenarios.add(upgrade("upgrade-" + order.id(), order, s, contacts, UPGRADE_CALLS_PER_MINUTE, Duration.ofMinutes(15)));
        }
        return scenarios;
    }

    /** The default build's: 200 contacts, producers first (the order where old readers meet N+1 records), 150 calls/min. */
    public static Scenario upgradeSmoke(long seed) {
        return upgrade("upgrade-smoke", RollingUpgrade.Order.PRODUCERS_FIRST, seed, 200, 150, Duration.ofMinutes(8));
    }

    private static Scenario upgrade(String name, RollingUpgrade.Order order, long seed, int contacts, int callsPerMinute,
                                    Duration timeout) {
        StackSettings s = stack(seed, 100);
        StackSettings slower = new StackSettings(s.partitions(), callsPerMinute, s.rateBurst(), s.defaultCap(), s.clientCaps(),
                s.leaseMargin(), s.sim(), s.apiTokens());
        CampaignMix wave = campaigns(name + "-wave", Math.max(30, contacts / 10));
        RollingUpgrade upgrade = new RollingUpgrade(order, Math.max(10, contacts / 10), wave);
        return new Scenario(name, Set.copyOf(Service.PIPELINE), new Fault.Upgrade(upgrade), slower, campaigns(name, contacts),
                seed, timeout);
    }

    private static Scenario scenario(int index, Fault fault, CampaignMix mix, long seed) {
        long s = seed + index;
        // calls over the account's CPS are queued by Plivo: the trouble scenario has a CPS below the global rate
        double cps = fault instanceof Fault.PlivoTrouble ? 15 : 100;
        return new Scenario(id(fault), Set.copyOf(Service.PIPELINE), fault, stack(s, cps), mix, s, Duration.ofMinutes(8));
    }

    /**
     * The default build's: a small campaign, the webhook bridge killed once while Plivo misbehaves
     * (a 5xx burst, some after placing the call; callbacks duplicated, reordered, dropped).
     */
    public static Scenario smoke(long seed) {
        Fault fault = new Fault.Together(List.of(new Fault.Kill(Service.WEBHOOK_BRIDGE, 1), new Fault.PlivoTrouble(1, false)));
        Set<Service> processes = EnumSet.of(Service.SCHEDULER, Service.EXECUTOR, Service.STATUS_PROCESSOR, Service.WEBHOOK_BRIDGE);
        return new Scenario("smoke", processes, fault, stack(seed, 100), campaigns("smoke", 200), seed, Duration.ofSeconds(120));
    }

    /**
     * The default build's short "Plivo unreliable": a small campaign under 10% placed-then-5xx, 10% 5xx not
     * placed and 10% lost hangup callbacks from start to end; every unknown and every overdue call must settle.
     */
    public static Scenario unreliableSmoke(long seed) {
        Set<Service> processes = EnumSet.of(Service.SCHEDULER, Service.EXECUTOR, Service.STATUS_PROCESSOR, Service.WEBHOOK_BRIDGE);
        return new Scenario("plivo-unreliable-smoke", processes, new Fault.PlivoUnreliable(), stack(seed, 100),
                campaigns("unreliable", 200), seed, Duration.ofSeconds(180));
    }

    /** The id of the fault-free run "Plivo unreliable" is measured against. */
    static final String PLIVO_BASELINE = "plivo-reliable-baseline";

    /**
     * The stack with the simulator in real time: a call rings and talks for as long as its ring timeout and time
     * limit say, as the executor and the reconciler (which wait a real ring timeout to prove a dial was never
     * placed, and a real quiet spell to call a hangup lost) assume. At the suite's usual 0.1 a call lasts a tenth
     * of the time they wait, and any settling would weigh ten times what it does against real calls.
     */
    static StackSettings realTime(StackSettings settings) {
        return settings.withSim(settings.sim().withTimeScale(1.0));
    }

    static StackSettings stack(long seed, double cps) {
        OutcomeModel outcomes = new OutcomeModel(0.55, 0.1, 0.12, 0.05, 0.18, 1, 3, 2, 8);
        SimConfig sim = new SimConfig("MACHAOSSUITE00000001", "chaos-plivo-token-" + Long.toHexString(seed * 0x9E3779B97F4A7C15L),
                cps, false, outcomes, TIME_SCALE, seed, 3, Duration.ofSeconds(2));
        return new StackSettings(3, CALLS_PER_MINUTE, BURST, DEFAULT_CAP, CAPS, Duration.ofSeconds(2), sim,
                Map.of("chaos-api-token-" + Long.toHexString(seed), "client-1",
                        "chaos-api-token-" + Long.toHexString(~seed), "client-2"));
    }

    static CampaignMix campaigns(String name, int contacts) {
        Map<String, CampaignMix.ClientCampaigns> mix = new LinkedHashMap<>();
        CAPS.forEach((client, cap) -> mix.put(client, new CampaignMix.ClientCampaigns(cap, CAMPAIGN_CAPS.get(client))));
        return new CampaignMix(name, mix, contacts, 2, RING_TIMEOUT_SECONDS, TIME_LIMIT_SECONDS);
    }

    private static String id(Fault fault) {
        return fault.name().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "").toLowerCase();
    }

    private static Map<String, Integer> caps() {
        Map<String, Integer> caps = new LinkedHashMap<>();
        caps.put("client-1", 2);
        caps.put("client-2", 5);
        caps.put("client-3", 10);
        return caps;
    }

    /** Each client's campaigns' own caps: 1, 2, 3 and 7, below and above their clients' caps, and none. */
    private static Map<String, List<Integer>> campaignCaps() {
        Map<String, List<Integer>> caps = new LinkedHashMap<>();
        caps.put("client-1", List.of(1, 7));
        caps.put("client-2", java.util.Arrays.asList(2, 3, null));
        caps.put("client-3", List.of(3, 7));
        return caps;
    }
    // ---- the production topology (Topology.CLUSTER): ./dialer chaos --topology cluster ----

    /** The services a cluster scenario runs twice each (its one Connect worker runs in the suite's JVM). */
    static final Set<Service> CLUSTER_PROCESSES = Set.of(Service.SCHEDULER, Service.EXECUTOR, Service.STATUS_PROCESSOR,
            Service.WEBHOOK_BRIDGE);

    /**
     * The faults of the production topology, {@code contacts} contacts each (5,000 by issue #17), each injected
     * {@code rounds} times or, when empty, twice: the broker leading most dial-requests partitions killed, the rate
     * limiter's Redis master failed over (CLUSTER FAILOVER) and killed, one of two instances of each service killed.
     * Ids start with {@code cluster-}.
     */
    public static List<Scenario> cluster(long seed, int contacts, OptionalInt rounds) {
        int r = rounds.orElse(2);
        List<Fault> faults = new ArrayList<>(List.of(new Fault.None(), new Fault.DialRequestsLeaderKill(r),
                new Fault.RedisMasterFailover(false, r), new Fault.RedisMasterFailover(true, r)));
        for (Service service : List.of(Service.EXECUTOR, Service.SCHEDULER, Service.STATUS_PROCESSOR, Service.WEBHOOK_BRIDGE)) {
            faults.add(new Fault.Kill(service, r, true));
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Fault fault : faults) {
            long s = seed + scenarios.size();
            scenarios.add(new Scenario("cluster-" + id(fault), CLUSTER_PROCESSES, fault, stack(s, 100),
                    campaigns("cluster" + scenarios.size(), contacts), s, clusterTimeout(contacts), Topology.CLUSTER));
        }
        return scenarios;
    }

    /**
     * The default build's slice of the cluster scenarios: a {@code contacts}-contact campaign on the production topology,
     * the broker leading most dial-requests partitions killed once and the rate limiter's Redis master failed over once.
     */
    public static Scenario clusterSmoke(long seed, int contacts) {
        Fault fault = new Fault.Together(List.of(new Fault.DialRequestsLeaderKill(1), new Fault.RedisMasterFailover(false, 1)));
        return new Scenario("cluster-smoke", CLUSTER_PROCESSES, fault, stack(seed, 100), campaigns("clustersmoke", contacts), seed,
                clusterTimeout(contacts), Topology.CLUSTER);
    }

    /** Room for a loaded 2-core machine running three brokers, six Redis nodes and eight service JVMs. */
    private static Duration clusterTimeout(int contacts) {
        return Duration.ofSeconds(300 + contacts / 4);
    }
}
