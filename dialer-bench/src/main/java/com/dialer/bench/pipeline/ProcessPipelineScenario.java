package com.dialer.bench.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.dialer.bench.BenchContext;
import com.dialer.bench.Scenario;
import com.dialer.bench.report.ResultTable;
import com.dialer.chaos.JvmOptions;
import com.dialer.chaos.ProcessStack;
import com.dialer.chaos.Topology;
import com.dialer.chaos.Service;
import com.dialer.chaos.ServiceProcess;
import com.dialer.chaos.StackSettings;
import com.dialer.launcher.campaign.CampaignFeed;
import com.dialer.launcher.demo.DemoCampaigns;
import com.dialer.launcher.demo.OutcomeTally;
import com.dialer.plivosim.OutcomeModel;
import com.dialer.plivosim.SimConfig;
import com.dialer.plivosim.WitnessStats;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.state.RedisKeys;

/**
 * Scenario 3b: the sustained pipeline of {@link PipelineScenario} with each service as its own OS process, as production
 * runs it: dialer-chaos' {@link ProcessStack} (scheduler, executor, status-processor, webhook bridge and the Connect
 * worker each a JVM; the broker, MongoDB and plivo-sim in this one; redis-server its own). The same campaigns, limits and
 * simulator, the same steady window, lag, latency and idle measures; the CPU of each service is its process's
 * (/proc/&lt;pid&gt;/stat: its threads, GC and JIT), this JVM's threads are split by name as in the one-process run.
 * Run twice, one after the other: the service JVMs as the chaos suite starts them ({@link JvmOptions#QUICK_RESTARTS})
 * and as production runs them ({@link JvmOptions#PRODUCTION}).
 */
public final class ProcessPipelineScenario implements Scenario {
    static final Path PROFILE_DIR = Path.of(".dialer", "bench-profile", "pipeline-processes");
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /** Each service's part in the table. */
    private static final Map<Service, Component> PARTS = Map.of(Service.SCHEDULER, Component.SCHEDULER,
            Service.EXECUTOR, Component.EXECUTOR, Service.STATUS_PROCESSOR, Component.STATUS,
            Service.WEBHOOK_BRIDGE, Component.BRIDGE, Service.CONNECT_WORKER, Component.ARCHIVER);

    @Override
    public String id() {
        return "pipeline-processes";
    }

    /** Both ways of running the service JVMs, one after the other in one run: what the options cost per call. */
    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        List<ResultTable> tables = new ArrayList<>();
        for (JvmOptions jvm : JvmOptions.values()) {
            tables.add(run(context, jvm));
        }
        return tables;
    }

    private ResultTable run(BenchContext context, JvmOptions jvm) throws Exception {
        String id = jvm == JvmOptions.QUICK_RESTARTS ? id() : id() + "-" + jvm.name().toLowerCase(java.util.Locale.ROOT);
        int warmUp = context.profile().pipelineWarmUp();
        int measured = context.profile().pipelineContacts();
        int contacts = warmUp + measured + measured / 10;
        context.progress("%s: %,d contacts, window = dials %,d..%,d, a process per service (stack start included), JVMs %s %s",
                id, contacts, warmUp, warmUp + measured, jvm, jvm.options());
        SimConfig sim = SimConfig.defaults().withCallsPerSecond(PipelineScenario.CPS).withTimeScale(PipelineScenario.TIME_SCALE)
                .withSeed(7).withOutcomes(OutcomeModel.typical().withAnswerRate(0.6));
        StackSettings settings = new StackSettings(PipelineScenario.PARTITIONS, PipelineScenario.RATE_PER_MINUTE,
                PipelineScenario.BURST, PipelineScenario.CAP, Map.of(), LEASE_MARGIN, sim, Map.of());
        long t0 = System.nanoTime();
        Path workDir = Files.createDirectories(context.workDir().resolve(id)).resolve("stack");
        try (ProcessStack stack = ProcessStack.start(settings, Set.copyOf(Service.PIPELINE), workDir, Topology.SINGLE, jvm)) {
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            context.progress("%s: stack up in %.1f s", id, startSeconds);
            String redisUri = stack.infrastructure().redis().uri();
            KafkaClientProperties kafka = KafkaClientProperties.of(stack.bootstrapServers());
            Supplier<CpuSnapshot> cpu = () -> CpuSnapshot.take(redisUri, pids(stack));
            DemoCampaigns campaigns = new DemoCampaigns(PipelineScenario.CLIENTS, contacts, 1);
            try (LagSampler lag = new LagSampler(stack.bootstrapServers());
                 ReleaseLatencyProbe latency = new ReleaseLatencyProbe(kafka, stack.topics().dialRequests(), redisUri,
                         RedisKeys.standard());
                 OutcomeTally tally = new OutcomeTally(kafka, stack.topics());
                 CampaignFeed feed = new CampaignFeed(kafka, stack.topics())) {
                SteadyWindow window = new SteadyWindow(stack.simulator().witness(), cpu, warmUp, warmUp + measured);
                long submit = System.nanoTime();
                try (window) {
                    feed.doNotCall(campaigns.doNotCall(), null, "bench: asked not to be called");
                    feed.submitTogether(campaigns.plans());
                    long deadline = submit + Duration.ofMinutes(15).toNanos();
                    long nextProgress = 0;
                    while (tally.contactsWithFinal() < contacts && System.nanoTime() < deadline) {
                        if (System.nanoTime() > nextProgress) {
                            context.progress("%s: %,d dials, %,d of %,d contacts final",
                                    id, stack.simulator().witness().dialCount(), tally.contactsWithFinal(), contacts);
                            nextProgress = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                        }
                        Thread.sleep(500);
                    }
                }
                double elapsed = (System.nanoTime() - submit) / 1e9;
                WitnessStats witness = stack.simulator().stats();
                long dials = witness.dials();
                context.progress("%s: the stack idle for %d s", id, PipelineScenario.IDLE.toSeconds());
                PipelineScenario.Idle idle = PipelineScenario.measureIdle(cpu, PipelineScenario.IDLE);
                String title = String.format("3b. Pipeline sustained, a process per service, JVMs %s %s: %,d dials measured after %,d of warm-up; "
                                + "%d clients (cap %d), limit %,d/min, %d partitions, plivo-sim %,d CPS at time scale %s",
                        jvm, jvm.options(), window.dials(), window.from(), PipelineScenario.CLIENTS, PipelineScenario.CAP, PipelineScenario.RATE_PER_MINUTE,
                        PipelineScenario.PARTITIONS, PipelineScenario.CPS, PipelineScenario.TIME_SCALE);
                ResultTable table = PipelineScenario.table(id, title, new PipelineScenario.RunFigures(dials, dials / elapsed, elapsed,
                                promises(witness, tally.contactsWithFinal(), contacts)), window, idle, latency, lag, startSeconds,
                        PROFILE_DIR.resolveSibling(id));
                List<String> notes = new ArrayList<>(table.notes());
                notes.add("processes: " + String.join(", ", stack.services().stream()
                        .map(p -> p.name() + " pid " + p.pid() + " (" + p.starts() + " start" + (p.starts() == 1 ? ")" : "s)")).toList())
                        + "; each service's row is its JVM's whole CPU (threads, GC, JIT) from /proc/<pid>/stat; the JVM row and "
                        + "the broker, plivo-sim, MongoDB rows are this JVM's; service JVMs " + jvm + " " + jvm.options()
                        + (jvm == JvmOptions.QUICK_RESTARTS ? " (as dialer-chaos starts them)" : ""));
                return new ResultTable(table.id(), table.title(), table.columns(), table.rows(), notes);
            }
        }
    }

    /** Each service's process ids now (a restarted one has a new pid: its CPU starts again from zero). */
    private static Map<Component, List<Long>> pids(ProcessStack stack) {
        Map<Component, List<Long>> out = new EnumMap<>(Component.class);
        for (ServiceProcess p : stack.services()) {
            Component part = PARTS.get(p.service());
            if (part != null && p.pid() > 0) {
                out.computeIfAbsent(part, c -> new ArrayList<>()).add(p.pid());
            }
        }
        return out;
    }

    /** What the witness can tell of the promises without the demo's checks: no call twice, no number twice at once, caps. */
    private static String promises(WitnessStats w, int contactsFinal, int contacts) {
        int maxLive = w.maxSimultaneousByClient().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        boolean held = w.attemptsDialedMoreThanOnce().isEmpty() && w.numbersDialedWhileLive().isEmpty()
                && maxLive <= PipelineScenario.CAP && contactsFinal >= contacts;
        return String.format("%s (witness: %d attempts dialed twice, %d numbers dialed while live, most live per client %d for a "
                        + "cap of %d; %,d of %,d contacts final)", held ? "yes" : "NO", w.attemptsDialedMoreThanOnce().size(),
                w.numbersDialedWhileLive().size(), maxLive, PipelineScenario.CAP, contactsFinal, contacts);
    }
}
