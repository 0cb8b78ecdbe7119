package com.dialer.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.launcher.demo.DemoReport;
import com.dialer.plivosim.Faults;
import com.dialer.schemas.TopicCatalog;

/**
 * Something that goes wrong while a campaign runs. {@link #inject} is called {@link #rounds()}
 * times, each at a random moment of the campaign, and returns once the fault is over (what broke
 * is back); recovering from it is the pipeline's business.
 */
public sealed interface Fault {

    /** The fault's row in the results table. */
    String name();

    int rounds();

    /** Set up before the campaign starts (e.g. the simulator's steady faults). */
    default void before(ProcessStack stack) {
    }

    void inject(ProcessStack stack, Random random, int round) throws InterruptedException;

    /** Undone when the campaign has finished, before the final checks. */
    default void after(ProcessStack stack) {
    }

    /** Contacts the fault adds to the campaign (beyond the scenario's), each owed a final disposition. */
    default int extraContacts() {
        return 0;
    }

    /** Records each dead-letter topic must hold at the end, by topic; any other DLQ must stay empty. */
    default Map<String, DeadLetters> expectedDeadLetters(TopicCatalog topics) {
        return Map.of();
    }

    /** The fault's own promises, checked at the end; each broken one described. */
    default List<String> check(ProcessStack stack, DemoReport report) {
        return List.of();
    }

    /** How many records a dead-letter topic must hold: between {@code min} and {@code max}. */
    record DeadLetters(long min, long max) {
        public boolean allows(long n) {
            return n >= min && n <= max;
        }
    }

    Logger LOG = LoggerFactory.getLogger(Fault.class);

    /** A random pause in [min, max). */
    static Duration between(Random random, Duration min, Duration max) {
        return min.plusMillis((long) (random.nextDouble() * max.minus(min).toMillis()));
    }

    /** Several faults in one campaign: round r strikes each fault that has an r-th round. */
    record Together(List<Fault> faults) implements Fault {
        public Together {
            faults = List.copyOf(faults);
        }

        @Override
        public String name() {
            return String.join(" + ", faults.stream().map(Fault::name).toList());
        }

        @Override
        public int rounds() {
            return faults.stream().mapToInt(Fault::rounds).max().orElse(0);
        }

        @Override
        public void before(ProcessStack stack) {
            faults.forEach(f -> f.before(stack));
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) throws InterruptedException {
            for (Fault f : faults) {
                if (round < f.rounds()) {
                    f.inject(stack, random, round);
                }
            }
        }

        @Override
        public void after(ProcessStack stack) {
            faults.forEach(f -> f.after(stack));
        }

        @Override
        public int extraContacts() {
            return faults.stream().mapToInt(Fault::extraContacts).sum();
        }

        @Override
        public Map<String, DeadLetters> expectedDeadLetters(TopicCatalog topics) {
            Map<String, DeadLetters> all = new java.util.TreeMap<>();
            faults.forEach(f -> f.expectedDeadLetters(topics).forEach((t, d) -> all.merge(t, d,
                    (a, b) -> new DeadLetters(a.min() + b.min(), a.max() + b.max()))));
            return all;
        }

        @Override
        public List<String> check(ProcessStack stack, DemoReport report) {
            return faults.stream().flatMap(f -> f.check(stack, report).stream()).toList();
        }
    }

    /**
     * Garbage on every input topic, sent at a random moment of the campaign ({@link BadInputCorpus}):
     * every bad record must land in its topic's DLQ with a reason, the odd but well-formed contacts
     * must end INVALID (or, the large ones, like any contact), and every good record be processed.
     */
    record BadInput(CampaignMix campaigns, long seed) implements Fault {
        @Override
        public String name() {
            return "bad input: malformed commands, contacts, DNC, requests, events";
        }

        @Override
        public int rounds() {
            return 1;
        }

        private BadInputCorpus corpus(TopicCatalog topics) {
            return new BadInputCorpus(topics, campaigns.plans().get(0), seed);
        }

        private long count(BadInputCorpus.Expect expect) {
            return corpus(TopicCatalog.standard()).items().stream().filter(i -> i.expect() == expect).count();
        }

        @Override
        public int extraContacts() {
            return (int) (count(BadInputCorpus.Expect.INVALID) + count(BadInputCorpus.Expect.PROCESSED));
        }

        @Override
        public Map<String, DeadLetters> expectedDeadLetters(TopicCatalog topics) {
            Map<String, DeadLetters> expected = new java.util.TreeMap<>();
            for (BadInputCorpus.Item item : corpus(topics).items()) {
                if (item.expect() == BadInputCorpus.Expect.DEAD_LETTER) {
                    expected.merge(item.topic() + "-dlq", new DeadLetters(1, 1),
                            (a, b) -> new DeadLetters(a.min() + 1, a.max() + 1));
                }
            }
            // the contact closest to the size limit may be dead-lettered instead of dialed
            String contactsDlq = topics.dlq(topics.campaignContacts()).name();
            DeadLetters contacts = expected.getOrDefault(contactsDlq, new DeadLetters(0, 0));
            expected.put(contactsDlq, new DeadLetters(contacts.min(), contacts.max() + 1));
            return expected;
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) {
            List<BadInputCorpus.Item> sent = CorpusFeed.send(stack.infrastructure().bootstrapServers(), corpus(stack.topics()), random);
            LOG.info("bad input: {} records sent", sent.size());
        }

        @Override
        public List<String> check(ProcessStack stack, DemoReport report) {
            List<String> broken = new java.util.ArrayList<>();
            for (String dlq : expectedDeadLetters(stack.topics()).keySet()) {
                List<String> reasons = CorpusFeed.reasons(stack.infrastructure().bootstrapServers(), dlq);
                long unexplained = reasons.stream().filter(r -> r == null || r.isBlank()).count();
                if (unexplained > 0) {
                    broken.add("a reason with every dead letter: " + unexplained + " records in " + dlq + " have none");
                }
            }
            long invalid = report.dispositions().getOrDefault("INVALID", 0L);
            long expected = campaigns.invalidNumbers() + count(BadInputCorpus.Expect.INVALID);
            if (invalid != expected) {
                broken.add("odd numbers and zones end INVALID: " + invalid + " contacts INVALID, expected " + expected);
            }
            return broken;
        }
    }

    /** Nothing breaks: the baseline. */
    record None() implements Fault {
        @Override
        public String name() {
            return "none (baseline)";
        }

        @Override
        public int rounds() {
            return 0;
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) {
        }
    }

    /**
     * {@code kill -9} of one service, started again after a random delay; where it runs several instances
     * ({@code oneOfTwo}, {@link Topology#CLUSTER}), one of them, another each round.
     */
    record Kill(Service service, int rounds, boolean oneOfTwo) implements Fault {
        Kill(Service service, int rounds) {
            this(service, rounds, false);
        }

        @Override
        public String name() {
            return (oneOfTwo ? "kill -9 one of two " : "kill -9 ") + service.id();
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) throws InterruptedException {
            List<ServiceProcess> instances = stack.instances(service);
            ServiceProcess process = instances.get(round % instances.size());
            stack.markFault(name());
            process.kill();
            Duration down = between(random, Duration.ofMillis(500), Duration.ofSeconds(5));
            LOG.info("round {}: {} killed, back in {} ms", round + 1, process.name(), down.toMillis());
            Thread.sleep(down);
            process.start();
        }
    }

    /** A deploy: every service stopped gracefully and started again, one after the other, each ready before the next. */
    record RollingRestart(int rounds) implements Fault {
        @Override
        public String name() {
            return "rolling restart (SIGTERM) of every service";
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) {
            for (Service service : Service.PIPELINE) {
                ServiceProcess process = stack.service(service);
                process.stop();
                process.start();
                // a deploy moves on when the new instance's /health/ready says 200 (ProcessStack.awaitReady)
                stack.awaitReady(service, Duration.ofSeconds(120));
                LOG.info("round {}: {} restarted and ready", round + 1, service.id());
            }
        }
    }

    /** The Kafka broker stopped, and started again on the same address with its data after a random pause. */
    record BrokerRestart(int rounds) implements Fault {
        @Override
        public String name() {
            return "Kafka broker restart";
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) throws InterruptedException {
            stack.infrastructure().kafka().stop();
            Duration down = between(random, Duration.ofSeconds(1), Duration.ofSeconds(6));
            LOG.info("round {}: broker stopped for {} ms", round + 1, down.toMillis());
            Thread.sleep(down);
            stack.infrastructure().kafka().startAgain();
        }
    }

    /** Redis killed and started again empty: hot state, slots, dial guards and rate buckets gone. */
    record RedisLoss(int rounds) implements Fault {
        @Override
        public String name() {
            return "Redis killed, restarted empty";
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) throws InterruptedException {
            stack.infrastructure().redis().kill();
            Duration down = between(random, Duration.ofMillis(500), Duration.ofSeconds(3));
            LOG.info("round {}: Redis down for {} ms", round + 1, down.toMillis());
            Thread.sleep(down);
            stack.infrastructure().redis().restartEmpty();
            stack.grantRedisUser();
        }
    }

    /** MongoDB unreachable for a while (port closed, connections cut), then back with its data. */
    record MongoOutage(int rounds) implements Fault {
        @Override
        public String name() {
            return "MongoDB unavailable";
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) throws InterruptedException {
            stack.infrastructure().mongo().stop();
            Duration down = between(random, Duration.ofSeconds(5), Duration.ofSeconds(20));
            LOG.info("round {}: MongoDB down for {} ms", round + 1, down.toMillis());
            Thread.sleep(down);
            stack.infrastructure().mongo().startAgain();
        }
    }

    // ---- faults of the production topology (Topology.CLUSTER: three brokers, a Redis Cluster, two instances each) ----

    /** {@code kill -9} of the broker leading most {@code dial-requests} partitions, started again on its data after a pause. */
    record DialRequestsLeaderKill(int rounds) implements Fault {
        @Override
        public String name() {
            return "kill -9 the broker leading most dial-requests";
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) throws InterruptedException {
            var kafka = stack.cluster().kafka();
            int leader = kafka.leaderOfMostPartitions(stack.topics().dialRequests().name());
            stack.markFault(name());
            kafka.kill(leader);
            Duration down = between(random, Duration.ofSeconds(2), Duration.ofSeconds(6));
            LOG.info("round {}: Kafka node {} killed, started again in {} ms", round + 1, leader, down.toMillis());
            Thread.sleep(down);
            kafka.startAgain(leader);
        }
    }

    /**
     * The Redis master of the global rate limiter's slot (every dial goes through it) replaced by its replica: with
     * {@code kill} a {@code kill -9} of the master (the replica takes over after the node timeout; the master is
     * started again, empty, and rejoins as a replica), else a {@code CLUSTER FAILOVER} on the replica (no write lost).
     */
    record RedisMasterFailover(boolean kill, int rounds) implements Fault {
        @Override
        public String name() {
            return kill ? "kill -9 a Redis master (its replica takes over)" : "Redis master failover (CLUSTER FAILOVER)";
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) throws InterruptedException {
            var redis = stack.cluster().redis();
            int slot = io.lettuce.core.cluster.SlotHash.getSlot(com.dialer.state.RedisKeys.standard().globalRate());
            var master = redis.masterOf(slot);
            stack.markFault(name());
            if (!kill) {
                redis.failover(redis.replicaOf(master));
                LOG.info("round {}: Redis master {} failed over to its replica", round + 1, master.port());
                return;
            }
            master.kill();
            var successor = redis.awaitTakeover(slot, master, ClusterInfra.RECOVERY);
            Duration down = between(random, Duration.ofMillis(500), Duration.ofSeconds(3));
            LOG.info("round {}: Redis master {} killed, {} took over; back as a replica in {} ms", round + 1, master.port(),
                    successor.port(), down.toMillis());
            Thread.sleep(down);
            // ACL users live in each node's memory: the services' user again before their clients reach the node
            redis.restartAsReplica(master, ClusterInfra.RECOVERY, node -> ClusterInfra.grantRedisUser(node, ProcessStack.REDIS_USER,
                    stack.redisPassword()));
        }
    }

    /**
     * Plivo misbehaving: all campaign long, slow API answers and callbacks duplicated and reordered,
     * and with {@code dropping} some never sent (the reaper must settle those calls); each round a
     * burst of 5xx, half of them after the call was really placed. A simulator CPS below the global
     * rate queues calls too (see {@link Scenarios}).
     */
    record PlivoTrouble(int rounds, boolean dropping) implements Fault {
        @Override
        public String name() {
            return "Plivo: 5xx bursts, slow, callbacks dup/reordered" + (dropping ? "/dropped" : "");
        }

        @Override
        public void before(ProcessStack stack) {
            steady(stack.simulator().faults());
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) throws InterruptedException {
            Faults faults = stack.simulator().faults();
            Duration burst = between(random, Duration.ofSeconds(1), Duration.ofSeconds(4));
            LOG.info("round {}: 5xx burst for {} ms", round + 1, burst.toMillis());
            faults.serverErrorRate(0.3).serverErrorAfterPlacingRate(0.3);
            Thread.sleep(burst);
            steady(faults);
        }

        @Override
        public void after(ProcessStack stack) {
            stack.simulator().faults().clear();
        }

        private void steady(Faults faults) {
            faults.clear().slowAnswerMillis(150).callbackDuplicateRate(0.1).callbackReorderRate(0.1)
                    .callbackDropRate(dropping ? 0.03 : 0).serverErrorAfterPlacingRate(0.01);
        }
    }

    /**
     * Plivo unreliable all campaign long (issue #23): 10% of Make-a-Call requests answered 503 after the
     * call was placed, 10% answered 503 without placing it, and 10% of calls whose hangup callback never
     * comes. Every unknown dial must be settled by asking Plivo (placed: kept; not placed: dialed again),
     * every call without a hangup settled from its record, and no attempt dialed twice.
     */
    record PlivoUnreliable() implements Fault {
        @Override
        public String name() {
            return "Plivo unreliable: 10% 5xx placed, 10% 5xx not placed, 10% hangups lost";
        }

        @Override
        public int rounds() {
            return 0;
        }

        @Override
        public void before(ProcessStack stack) {
            stack.simulator().faults().clear().serverErrorAfterPlacingRate(0.1).serverErrorRate(0.1).hangupCallbackLossRate(0.1);
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) {
            // steady for the whole campaign: nothing to inject
        }

        @Override
        public void after(ProcessStack stack) {
            stack.simulator().faults().clear();
        }
    }
    /** A deploy of version N+1 mid-campaign in one order ({@link RollingUpgrade}, which does and checks it all). */
    record Upgrade(RollingUpgrade upgrade) implements Fault {
        @Override
        public String name() {
            return upgrade.name();
        }

        @Override
        public int rounds() {
            // the deploy runs on its own thread, from a number of dials on: no round of ScenarioRun's
            return 0;
        }

        @Override
        public void before(ProcessStack stack) {
            upgrade.start(stack);
        }

        @Override
        public void inject(ProcessStack stack, Random random, int round) {
            // see rounds()
        }

        @Override
        public void after(ProcessStack stack) {
            upgrade.finish();
        }

        @Override
        public int extraContacts() {
            return upgrade.extraContacts();
        }

        @Override
        public List<String> check(ProcessStack stack, DemoReport report) {
            return upgrade.check(stack, report);
        }
    }
}
