package com.dialer.launcher.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.bson.Document;

import com.dialer.launcher.campaign.CampaignFeed;
import com.dialer.launcher.campaign.CampaignPlan;
import com.dialer.launcher.limits.LimitOptions;
import com.dialer.launcher.stack.CallerIdPoolOption;
import com.dialer.launcher.stack.DialerStack;
import com.dialer.launcher.stack.ExternalServiceOptions;
import com.dialer.launcher.stack.ExternalServices;
import com.dialer.launcher.stack.PlivoAccountOptions;
import com.dialer.launcher.stack.ServiceSettingsOption;
import com.dialer.launcher.stack.StackOptions;
import com.dialer.plivosim.WitnessStats;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.TopicCatalog;
import com.dialer.state.RedisKeys;
import com.dialer.state.callerid.CallerIdPool;
import com.dialer.state.callerid.CallerIdPools;
import com.dialer.state.accounts.PlivoAccounts;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.ratelimit.RateLimit;
import com.mongodb.client.MongoDatabase;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./dialer demo}: the whole pipeline on one machine against the Plivo simulator — campaigns
 * for several clients, live progress, then a summary whose figures come from the simulator's
 * witness and from MongoDB. Exits 1 when a promise of docs/DESIGN.md was broken.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run campaigns end to end on the embedded stack with the Plivo simulator; print and write a report.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--contacts", defaultValue = "2000", description = "contacts in all (default: ${DEFAULT-VALUE})")
    int contacts;

    @Option(names = "--clients", defaultValue = "3", description = "clients, one campaign each (default: ${DEFAULT-VALUE})")
    int clients;

    /** The demo's defaults: 1,200 calls a minute, burst 10, every client capped at 10 (--cap). */
    @Mixin
    LimitOptions limitOptions;

    /** Kafka, Redis, MongoDB running elsewhere, in place of the embedded ones. */
    @Mixin
    ExternalServiceOptions external;

    /** More service keys for every service (--env-file). */
    @Mixin
    ServiceSettingsOption serviceSettings;

    /** The clients' caller-ID pools: each demo client found in the file calls from its first pool. */
    @Mixin
    CallerIdPoolOption callerIdPools;

    @Option(names = "--campaign-cap", paramLabel = "N",
            description = "each campaign's own concurrencyCap (none by default: the client's cap alone bounds it)")
    Integer campaignCap;

    @Option(names = "--answer-rate", defaultValue = "0.6", description = "share of callees who answer (default: ${DEFAULT-VALUE})")
    double answerRate;

    @Option(names = "--time-scale", defaultValue = "0.02",
            description = "real seconds per simulated second of a call (default: ${DEFAULT-VALUE})")
    double timeScale;

    @Option(names = "--max-attempts", defaultValue = "1",
            description = "attempts per contact after busy / no answer / failed / machine (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--partitions", defaultValue = "3", description = "partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--cps", defaultValue = "100", description = "the simulated account's calls per second (default: ${DEFAULT-VALUE})")
    double cps;

    @Option(names = "--seed", defaultValue = "7", description = "the simulator's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--timeout", defaultValue = "600", description = "give up after this many seconds (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--report", defaultValue = "report.json", description = "JSON report (default: ${DEFAULT-VALUE})")
    Path reportFile;

    /** More Plivo accounts and which client dials through which. */
    @Mixin
    PlivoAccountOptions accounts;

    @Option(names = "--end-after", paramLabel = "DURATION", converter = com.dialer.launcher.DurationConverter.class,
            description = "each campaign ends this long after it is published (settings.endAt, e.g. 60s): contacts not "
                    + "finished by then end EXPIRED; with a client's holiday (--env-file CLIENT_HOLIDAYS) its contacts all do")
    Duration endAfter;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    /** The campaigns, once published, and when. */
    private DemoCampaigns campaigns;
    private long submittedAt;

    @Override
    public Integer call() throws Exception {
        System.out.printf("starting the stack (Kafka, Redis, MongoDB, Connect, plivo-sim, 5 services)...%n");
        // the campaigns are published as soon as the topics exist: the scheduler takes them in as it starts
        DialerStack stack = DialerStack.start(stackOptions(), publishing());
        // Ctrl-C stops the stack: DialerStack's own shutdown hook
        try {
            System.out.printf("stack up in %.1f s; live page %s%n", stack.startupTime().toMillis() / 1000.0,
                    stack.endpoints().dashboardUrl());
            DemoReport report = runOn(stack);
            // the report before the stack stops: stopping takes a few seconds and changes no figure
            report.write(reportFile);
            report.print(System.out);
            System.out.println("  report written to " + reportFile.toAbsolutePath() + "; stopping the stack");
            // a broken promise exits 1, yet the run loaded every class a demo needs
            com.dialer.launcher.ClassDataArchive.keep();
            return report.promisesHeld() ? 0 : 1;
        } finally {
            stack.close();
        }
    }

    /** The stack this demo needs: its rate, burst and cap, and the simulator with its answer rate and time scale. */
    public StackOptions stackOptions() throws java.io.IOException {
        ExternalServices services = external.services();
        // read now as the services will read it: a refused property stops the demo before anything starts
        services.kafka();
        callerIdPools.pools();
        return new StackOptions(partitions, limits(), Duration.ZERO, Duration.ofDays(1),
                new StackOptions.Simulated(cps, answerRate, timeScale, seed), Files.createTempDirectory("dialer-demo-"), 0, services,
                serviceSettings.settings(), callerIdPools.file(),
                accounts.file == null ? accounts.accounts() : new StackOptions.Accounts(accounts.file, clientAccounts()));
    }

    /** {@code --client-accounts}, else the demo's clients in turn over the file's accounts (read as the services will). */
    private String clientAccounts() {
        if (accounts.clientAccounts != null) {
            return accounts.clientAccounts;
        }
        List<String> ids = PlivoAccounts.accountIds(accounts.file);
        StringBuilder mapping = new StringBuilder();
        for (int i = 1; i <= clients; i++) {
            mapping.append(mapping.isEmpty() ? "" : ",").append(DemoCampaigns.client(i)).append('=').append(ids.get((i - 1) % ids.size()));
        }
        return mapping.toString();
    }

    /** The demo's limits: its defaults, then the options given. */
    public Limits limits() {
        return limitOptions.over(new Limits(RateLimit.perMinute(1200, 10), 10, ConfiguredClientLimits.NONE));
    }

    /** Publishes the campaigns while the stack starts (then {@link #runOn} does not publish them again). */
    public DialerStack.BeforeServices publishing() {
        return (kafka, topics) -> publish(kafka, topics);
    }

    /**
     * Publishes the do-not-call list and the campaigns (their contacts in turn) and starts the demo's
     * clock. The clients' caps are configuration (DEFAULT_CLIENT_CAP, CLIENT_LIMITS), as in production.
     */
    private void publish(KafkaClientProperties kafka, TopicCatalog topics) {
        campaigns = new DemoCampaigns(clients, contacts, maxAttempts, campaignCap, demoPools(), endAfter);
        submittedAt = System.nanoTime();
        try (CampaignFeed feed = new CampaignFeed(kafka, topics)) {
            feed.doNotCall(campaigns.doNotCall(), null, "demo: asked not to be called");
            feed.submitTogether(campaigns.plans());
        }
    }

    /**
     * Runs the demo's campaigns on a running stack (started with {@link #stackOptions()}),
     * publishing them first unless they were published while the stack started.
     */
    public DemoReport runOn(DialerStack stack) throws Exception {
        if (campaigns == null) {
            publish(stack.kafka(), stack.topics());
        }
        List<CampaignPlan> plans = campaigns.plans();
        RedisClusterCommands<String, String> redis = stack.redis().sync();
        RedisKeys keys = RedisKeys.standard();
        long t0 = submittedAt;
        try (OutcomeTally tally = new OutcomeTally(stack.kafka(), stack.topics())) {
            Set<String> campaignIds = new LinkedHashSet<>();
            plans.forEach(p -> campaignIds.add(p.campaignId()));
            ProgressLines progress = new ProgressLines(System.out, !quiet && System.console() != null);
            long deadline = t0 + Duration.ofSeconds(timeoutSeconds).toNanos();
            long nextProgress = 0;
            // checked often so the report follows the last outcome closely; the progress redrawn once a second
            while (!(tally.allEnded(campaignIds) && tally.contactsWithFinal() >= contacts) && System.nanoTime() < deadline) {
                if (!quiet && System.nanoTime() >= nextProgress) {
                    progress.show(stack.board().snapshot(), stack.simulator().stats());
                    nextProgress = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
                Thread.sleep(100);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            // the archive and the slot release trail the last outcome by a moment
            MongoDatabase archive = stack.archive();
            long settleBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // settled: everything archived, no slot held, no call live, and no dial for half a second
            // (a late duplicate dial would show in the witness now)
            long dials = -1;
            long quietSince = System.nanoTime();
            while (System.nanoTime() < settleBy) {
                WitnessStats witness = stack.simulator().stats();
                if (witness.dials() != dials) {
                    dials = witness.dials();
                    quietSince = System.nanoTime();
                }
                if (System.nanoTime() - quietSince >= Duration.ofMillis(500).toNanos() && witness.liveCalls() == 0
                        && leakedSlots(redis, keys, plans) == 0
                        && archive.getCollection("calls").countDocuments() >= tally.finishedAttempts()) {
                    break;
                }
                Thread.sleep(100);
            }
            return report(stack, plans, tally, elapsed);
        }
    }

    private DemoReport report(DialerStack stack, List<CampaignPlan> plans, OutcomeTally tally, double elapsed) {
        WitnessStats witness = stack.simulator().stats();
        MongoDatabase archive = stack.archive();
        Map<String, Long> dispositions = new TreeMap<>();
        for (Document campaign : archive.getCollection("campaigns").find()) {
            Document byDisposition = campaign.get("dispositions", Document.class);
            if (byDisposition != null) {
                byDisposition.forEach((k, v) -> dispositions.merge(k, ((Number) v).longValue(), Long::sum));
            }
        }
        Limits limits = limits();
        List<DemoReport.ClientFigures> clientFigures = new ArrayList<>();
        List<DemoReport.CampaignFigures> campaignFigures = new ArrayList<>();
        for (CampaignPlan plan : plans) {
            clientFigures.add(new DemoReport.ClientFigures(plan.clientId(), limits.configuredCap(plan.clientId()),
                    witness.maxSimultaneousByClient().getOrDefault(plan.clientId(), 0)));
            campaignFigures.add(new DemoReport.CampaignFigures(plan.campaignId(), plan.settings().getConcurrencyCap(),
                    witness.maxSimultaneousByCampaign().getOrDefault(plan.campaignId(), 0)));
        }
        long withDisposition = dispositions.values().stream().mapToLong(Long::longValue).sum();
        long doubleDials = witness.attemptsDialedMoreThanOnce().values().stream().mapToLong(n -> n - 1L).sum();
        long whileLive = witness.numbersDialedWhileLive().values().stream().mapToLong(Integer::longValue).sum();
        return DemoReport.of(contacts, witness.dials(), dispositions, clientFigures, campaignFigures,
                limits.globalRate().permits(), limits.globalRate().burst(), witness.maxDialsIn1s(),
                witness.maxDialsIn60s(), doubleDials, whileLive,
                Math.max(contacts - Math.min(withDisposition, tally.contactsWithFinal()), 0),
                tally.contactsWithSeveralFinals(), tally.finishedAttempts(),
                archive.getCollection("calls").countDocuments(),
                leakedSlots(stack.redis().sync(), RedisKeys.standard(), plans), witness.liveCalls(), elapsed,
                stack.startupTime().toMillis() / 1000.0).withCallerIds(callerIdFigures(stack))
                .withAccounts(accountFigures(stack, witness));
    }

    /** Per demo client, the first of its pools in the caller-ID pools file. */
    private Map<String, String> demoPools() {
        Map<String, String> pools = new TreeMap<>();
        CallerIdPools all = callerIdPools.pools();
        for (int c = 1; c <= clients; c++) {
            String client = DemoCampaigns.client(c);
            all.clients().getOrDefault(client, Map.of()).values().stream().map(CallerIdPool::name).sorted().findFirst()
                    .ifPresent(pool -> pools.put(client, pool));
        }
        return pools;
    }

    /** The spread of the calls over each pool's numbers, as the witness saw them ({@code from} per dial). */
    private List<DemoReport.CallerIdFigures> callerIdFigures(DialerStack stack) {
        Map<String, Map<String, Long>> byClientAndFrom = new TreeMap<>();
        stack.simulator().witness().dials().forEach(d -> byClientAndFrom
                .computeIfAbsent(String.valueOf(d.client()), c -> new TreeMap<>()).merge(d.from(), 1L, Long::sum));
        List<DemoReport.CallerIdFigures> figures = new ArrayList<>();
        CallerIdPools all = callerIdPools.pools();
        campaigns.callerIdPools().forEach((client, name) -> all.pool(client, name).ifPresent(pool -> pool.numbers().forEach(n ->
                figures.add(new DemoReport.CallerIdFigures(client, name, n.e164(),
                        byClientAndFrom.getOrDefault(client, Map.of()).getOrDefault(n.e164(), 0L), n.dailyCap())))));
        return figures;
    }

    /** Each account's figures when the demo has several (--accounts), from the witness; none otherwise. */
    private static List<DemoReport.AccountFigures> accountFigures(DialerStack stack, WitnessStats witness) {
        PlivoAccounts accounts = stack.plivoAccounts();
        if (accounts == null || accounts.all().size() < 2) {
            return List.of();
        }
        return accounts.all().stream().map(a -> new DemoReport.AccountFigures(a.id(), a.authId(), a.cps(),
                witness.dialsByAccount().getOrDefault(a.authId(), 0L), witness.maxDialsIn1sByAccount().getOrDefault(a.authId(), 0),
                witness.queuedOverCpsByAccount().getOrDefault(a.authId(), 0L))).toList();
    }

    private static long leakedSlots(RedisClusterCommands<String, String> redis, RedisKeys keys, List<CampaignPlan> plans) {
        return plans.stream().map(CampaignPlan::clientId).distinct().mapToLong(c -> redis.zcard(keys.slots(c))).sum();
    }
}
