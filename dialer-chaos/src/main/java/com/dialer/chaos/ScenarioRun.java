package com.dialer.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.launcher.campaign.CampaignFeed;
import com.dialer.launcher.campaign.CampaignPlan;
import com.dialer.launcher.demo.DemoReport;
import com.dialer.launcher.demo.OutcomeTally;
import com.dialer.plivosim.Witness;
import com.dialer.plivosim.WitnessStats;
import com.dialer.schemas.Topic;
import com.dialer.state.RedisKeys;
import com.mongodb.client.model.Filters;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Runs one {@link Scenario}: publishes its campaigns, lets the fault strike at random moments
 * (a random share of the contacts dialed, from the scenario's seed), waits until every campaign
 * has ended, lets the stack settle, and checks every promise against the witness, Kafka, MongoDB
 * and Redis — never against the services' own counters.
 */
public final class ScenarioRun {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRun.class);
    /** The campaign's progress (dials per contact) between which the rounds strike. */
    private static final double FIRST_STRIKE = 0.1;
    private static final double LAST_STRIKE = 0.75;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private ScenarioRun() {
    }

    /** A fresh stack under {@code baseDir/<scenario id>}, the scenario on it, the stack stopped. */
    public static ScenarioResult run(Scenario scenario, Path baseDir) throws InterruptedException {
        try (ProcessStack stack = ProcessStack.start(scenario.stack(), scenario.processes(),
                baseDir.resolve(scenario.id()), scenario.topology())) {
            return runOn(stack, scenario);
        }
    }

    public static ScenarioResult runOn(ProcessStack stack, Scenario scenario) throws InterruptedException {
        Random random = new Random(scenario.seed());
        CampaignMix mix = scenario.campaigns();
        List<CampaignPlan> plans = mix.plans();
        int contacts = mix.contacts() + scenario.fault().extraContacts();
        Set<String> campaignIds = new LinkedHashSet<>(mix.campaignIds());
        Fault fault = scenario.fault();
        long t0 = System.nanoTime();
        long deadline = t0 + scenario.timeout().toNanos();
        String bootstrap = stack.bootstrapServers();
        try (OutcomeTally tally = new OutcomeTally(bootstrap, stack.topics());
             CampaignFeed feed = new CampaignFeed(bootstrap, stack.topics())) {
            fault.before(stack);
            feed.doNotCall(mix.doNotCall(), null, "chaos: asked not to be called");
            plans.forEach(feed::submit);
            for (int round = 0; round < fault.rounds(); round++) {
                double share = FIRST_STRIKE + (LAST_STRIKE - FIRST_STRIKE) * (round + random.nextDouble()) / fault.rounds();
                awaitDials(stack, tally, campaignIds, contacts, (long) (share * mix.contacts()), deadline);
                LOG.info("{}: round {} of {} at {} dials", scenario.id(), round + 1, fault.rounds(), stack.simulator().stats().dials());
                fault.inject(stack, random, round);
            }
            long nextProgress = 0;
            while (!finished(tally, campaignIds, contacts) && System.nanoTime() < deadline) {
                if (System.nanoTime() > nextProgress) {
                    LOG.info("{}: {} dials, {} of {} contacts final, {} live leases", scenario.id(),
                            stack.simulator().stats().dials(), tally.contactsWithFinal(), contacts, leases(stack, mix).live());
                    nextProgress = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
                Thread.sleep(500);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            fault.after(stack);
            settle(stack, tally, mix);
            return result(stack, scenario, tally, contacts, elapsed);
        }
    }

    private static boolean finished(OutcomeTally tally, Set<String> campaignIds, int contacts) {
        return tally.allEnded(campaignIds) && tally.contactsWithFinal() >= contacts;
    }

    private static void awaitDials(ProcessStack stack, OutcomeTally tally, Set<String> campaignIds, int contacts, long dials,
                                   long deadline) throws InterruptedException {
        while (stack.simulator().stats().dials() < dials && !finished(tally, campaignIds, contacts)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** The archive and the slot releases trail the last outcome by a moment; a call whose callbacks were lost, by its lease. */
    private static void settle(ProcessStack stack, OutcomeTally tally, CampaignMix mix) throws InterruptedException {
        long until = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < until && (archived(stack) < tally.finishedAttempts()
                || leases(stack, mix).live() > 0 || stack.simulator().stats().liveCalls() > 0)) {
            Thread.sleep(250);
        }
        Thread.sleep(1_000); // a late duplicate would show now
    }

    private static long archived(ProcessStack stack) {
        try {
            return stack.archive().getCollection("calls").countDocuments();
        } catch (RuntimeException mongoDown) {
            return -1;
        }
    }

    private static ScenarioResult result(ProcessStack stack, Scenario scenario, OutcomeTally tally, int contacts,
                                         double elapsed) {
        WitnessStats witness = stack.simulator().stats();
        CampaignMix mix = scenario.campaigns();
        StackSettings settings = scenario.stack();
        Map<String, Long> dispositions = new TreeMap<>();
        for (Document campaign : stack.archive().getCollection("campaigns").find()) {
            Document byDisposition = campaign.get("dispositions", Document.class);
            if (byDisposition != null) {
                byDisposition.forEach((k, v) -> dispositions.merge(k, ((Number) v).longValue(), Long::sum));
            }
        }
        List<DemoReport.ClientFigures> clients = new ArrayList<>();
        for (String client : mix.clients()) {
            clients.add(new DemoReport.ClientFigures(client, settings.clientCaps().getOrDefault(client, settings.defaultCap()),
                    witness.maxSimultaneousByClient().getOrDefault(client, 0)));
        }
        List<DemoReport.CampaignFigures> campaigns = new ArrayList<>();
        for (var plan : mix.plans()) {
            campaigns.add(new DemoReport.CampaignFigures(plan.campaignId(), plan.settings().getConcurrencyCap(),
                    witness.maxSimultaneousByCampaign().getOrDefault(plan.campaignId(), 0)));
        }
        long withDisposition = dispositions.values().stream().mapToLong(Long::longValue).sum();
        long doubleDials = witness.attemptsDialedMoreThanOnce().values().stream().mapToLong(n -> n - 1L).sum();
        long whileLive = witness.numbersDialedWhileLive().values().stream().mapToLong(Integer::longValue).sum();
        Leases leases = leases(stack, mix);
        DemoReport report = DemoReport.of(contacts, witness.dials(), dispositions, clients, campaigns, settings.callsPerMinute(),
                settings.rateBurst(), witness.maxDialsIn1s(), witness.maxDialsIn60s(), doubleDials, whileLive,
                Math.max(contacts - Math.min(withDisposition, tally.contactsWithFinal()), 0),
                tally.contactsWithSeveralFinals(), tally.finishedAttempts(), archived(stack), leases.live(),
                witness.liveCalls(), elapsed, 0);

        List<String> broken = new ArrayList<>(report.brokenPromises());
        long notArchived = dialedNotArchived(stack);
        if (notArchived > 0) {
            broken.add("every dialed attempt archived: " + notArchived + " attempts Plivo saw have no document in MongoDB");
        }
        Map<String, Long> deadLetters = deadLetters(stack);
        long dead = deadLetters.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Fault.DeadLetters> expected = scenario.fault().expectedDeadLetters(stack.topics());
        for (String dlq : new java.util.TreeSet<>(union(deadLetters.keySet(), expected.keySet()))) {
            long n = deadLetters.getOrDefault(dlq, 0L);
            Fault.DeadLetters allowed = expected.getOrDefault(dlq, new Fault.DeadLetters(0, 0));
            if (!allowed.allows(n)) {
                broken.add(allowed.max() == 0 ? "no good record dead-lettered: " + n + " records in " + dlq
                        : "every bad record dead-lettered: " + n + " records in " + dlq + ", expected " + allowed.min()
                                + (allowed.max() > allowed.min() ? " to " + allowed.max() : ""));
            }
        }
        broken.addAll(scenario.fault().check(stack, report));
        List<String> notes = new ArrayList<>(lostContacts(stack, mix, tally));
        for (ServiceProcess process : stack.services()) {
            if (!process.isAlive()) {
                broken.add("every service runs at the end: " + process.name() + " exited with " + process.exitCode());
            }
            LogFindings findings = LogFindings.of(process.log());
            if (findings.streamsInError() > 0) {
                broken.add("no stream thread dies: " + process.name() + " went to ERROR " + findings.streamsInError()
                        + " times (" + process.log().getFileName() + ")");
            }
            if (findings.threadsReplaced() > 0) {
                notes.add(process.name() + ": " + findings.threadsReplaced() + " stream threads replaced");
            }
            if (process.starts() > 1) {
                notes.add(process.name() + ": started " + process.starts() + " times");
            }
        }
        SettleFigures settled = SettleFigures.of(stack.services().stream().map(ServiceProcess::log).toList());
        settled.lines().forEach(line -> notes.add("settled " + line));
        FaultCost.of(stack.faultMarks(), stack.simulator().witness().dials(), stack.simulator().witness().endedCalls())
                .forEach(cost -> notes.add(cost.line()));
        ScenarioResult result = new ScenarioResult(scenario.id(), scenario.fault().name(), scenario.fault().rounds(), report,
                notArchived, dead, leases.expired(), notes, broken, settled);
        LOG.info("{}: {} dials, {} contacts final, {}", scenario.id(), witness.dials(), tally.contactsWithFinal(),
                result.held() ? "every promise held" : "BROKEN " + broken);
        return result;
    }

    /** For the first few contacts without a final record: what Redis knows of their attempts (dial guard, attempt state). */
    private static List<String> lostContacts(ProcessStack stack, CampaignMix mix, OutcomeTally tally) {
        Set<String> finals = tally.contactsWithFinalIds();
        List<String> lost = new ArrayList<>();
        RedisKeys keys = RedisKeys.standard();
        RedisClusterCommands<String, String> redis = stack.redis().sync();
        for (CampaignPlan plan : mix.plans()) {
            for (var contact : plan.contacts()) {
                if (finals.contains(plan.campaignId() + "|" + contact.getContactId()) || lost.size() >= 10) {
                    continue;
                }
                StringBuilder what = new StringBuilder("lost " + plan.campaignId() + "|" + contact.getContactId() + ":");
                for (int n = 1; n <= mix.maxAttempts(); n++) {
                    String attempt = plan.campaignId() + ":" + contact.getContactId() + ":" + n;
                    what.append(" #").append(n).append(" guard=").append(redis.hgetall(keys.dialGuard(plan.clientId(), attempt)))
                            .append(" attempt=").append(redis.hget(keys.attempt(plan.clientId(), attempt), "state"));
                }
                lost.add(what.toString());
            }
        }
        return lost;
    }

    /** Slot leases of the scenario's clients: live ones (held) and those that ran out unreleased. */
    record Leases(long live, long expired) {
    }

    static Leases leases(ProcessStack stack, CampaignMix mix) {
        try {
            RedisClusterCommands<String, String> redis = stack.redis().sync();
            List<String> time = redis.time();
            long nowMicros = Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
            long live = 0;
            long expired = 0;
            for (String client : mix.clients()) {
                String key = RedisKeys.standard().slots(client);
                long all = redis.zcard(key);
                long held = redis.zcount(key, io.lettuce.core.Range.create((double) nowMicros, Double.POSITIVE_INFINITY));
                live += held;
                expired += all - held;
            }
            return new Leases(live, expired);
        } catch (RuntimeException redisDown) {
            return new Leases(-1, -1);
        }
    }

    /** Attempt ids the witness saw dialed that MongoDB has no document for. */
    private static long dialedNotArchived(ProcessStack stack) {
        Set<String> dialed = new LinkedHashSet<>();
        for (Witness.Dial dial : stack.simulator().witness().dials()) {
            if (dial.attemptId() != null) {
                dialed.add(dial.attemptId());
            }
        }
        List<String> ids = new ArrayList<>(dialed);
        long found = 0;
        for (int from = 0; from < ids.size(); from += 500) {
            found += stack.archive().getCollection("calls")
                    .countDocuments(Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + 500))));
        }
        return ids.size() - found;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Records in each dead-letter topic that has any. */
    static Map<String, Long> deadLetters(ProcessStack stack) {
        Map<String, Long> counts = new TreeMap<>();
        try (Admin admin = stack.kafkaAdmin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (Topic<String, ?> topic : stack.topics().dataTopics()) {
                Topic<byte[], byte[]> dlq = stack.topics().dlq(topic);
                for (int p = 0; p < dlq.partitions(); p++) {
                    latest.put(new TopicPartition(dlq.name(), p), OffsetSpec.latest());
                }
            }
            Set<String> written = new java.util.TreeSet<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, offset) -> {
                if (offset.offset() > 0) {
                    written.add(tp.topic());
                }
            });
            // counted by reading: offsets also count the commit markers of the exactly-once writers' transactions
            for (String dlq : written) {
                counts.put(dlq, (long) CorpusFeed.reasons(stack.bootstrapServers(), dlq).size());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the dead-letter topics: " + e, e);
        }
        return counts;
    }

    /** What a service's log file says about its stream threads. */
    record LogFindings(long streamsInError, long threadsReplaced) {
        private static final Pattern ERROR_STATE = Pattern.compile("State transition from \\w+ to (PENDING_)?ERROR");
        private static final Pattern REPLACED = Pattern.compile("stream thread failed; replacing it|Replacing thread");

        static LogFindings of(Path log) {
            long errors = 0;
            long replaced = 0;
            // Latin-1: any byte is a character, so a stray byte in a log never hides the rest of it
            try (Stream<String> lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    Matcher m = ERROR_STATE.matcher(line);
                    if (m.find() && m.group(1) == null) {
                        errors++;
                    }
                    if (REPLACED.matcher(line).find()) {
                        replaced++;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + log, e);
            }
            return new LogFindings(errors, replaced);
        }
    }
}
