package com.dialer.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.dialer.bench.archive.ArchiveScenario;
import com.dialer.bench.memory.MemoryScenario;
import com.dialer.bench.pipeline.PipelineScenario;
import com.dialer.bench.pipeline.ProcessPipelineScenario;
import com.dialer.bench.ratelimit.RateLimitScenario;
import com.dialer.bench.redis.RedisMemoryCurveScenario;
import com.dialer.bench.redis.RedisMemoryScenario;
import com.dialer.bench.reads.TieredReadScenario;
import com.dialer.bench.slots.CapScenario;
import com.dialer.bench.webhook.WebhookIngestScenario;
import com.dialer.bench.report.BenchReport;
import com.dialer.bench.report.Machine;
import com.dialer.bench.report.ResultTable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dialer bench}: every scenario of issue 9, one after another on this machine, figures to a
 * JSON file and a table on the terminal. Numbers are measured and printed, never judged.
 * {@code ./dialer bench --jmh [JMH options]} runs the JMH benchmarks of the Lua scripts instead.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: ours against the seed's designs and the best libraries, side by side.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "every scenario scaled down, under 5 minutes in all")
    boolean quick;

    @Option(names = "--out", defaultValue = "bench-results.json", description = "JSON results (default: ${DEFAULT-VALUE}); "
            + "the tables also go to the same name with .md")
    Path out;

    @Option(names = "--only", split = ",", description = "run only these scenarios: ${COMPLETION-CANDIDATES}")
    List<String> only;

    @Option(names = "--jmh", description = "run the JMH benchmarks of the Lua scripts; later arguments go to JMH")
    boolean jmh;

    static List<Scenario> scenarios() {
        return List.of(new RateLimitScenario(), new CapScenario(), new PipelineScenario(), new ProcessPipelineScenario(), new WebhookIngestScenario(),
                new ArchiveScenario(), new TieredReadScenario(), new MemoryScenario(), new RedisMemoryScenario(),
                new RedisMemoryCurveScenario());
    }

    @Override
    public Integer call() throws Exception {
        if (jmh) {
            System.err.println("--jmh must come first: ./dialer bench --jmh [JMH options]");
            return 2;
        }
        BenchProfile profile = quick ? BenchProfile.quick() : BenchProfile.full();
        List<Scenario> chosen = scenarios().stream().filter(s -> only == null || only.contains(s.id())).toList();
        if (chosen.isEmpty()) {
            System.err.println("no scenario named " + only + "; there are " + scenarios().stream().map(Scenario::id).toList());
            return 2;
        }
        Path workDir = Files.createTempDirectory("dialer-bench-");
        List<ResultTable> tables = new ArrayList<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        String loadBefore = Machine.loadAverageNow();
        Machine machine;
        System.out.printf("dialer bench (%s): %s%n", profile.name(), chosen.stream().map(Scenario::id).toList());
        try (BenchContext context = new BenchContext(profile, workDir, System.out)) {
            for (Scenario scenario : chosen) {
                long s0 = System.nanoTime();
                System.out.printf("== %s%n", scenario.id());
                try {
                    List<ResultTable> result = scenario.run(context);
                    tables.addAll(result);
                    result.forEach(t -> t.print(System.out));
                } catch (Exception | AssertionError e) {
                    failures.put(scenario.id(), e.toString());
                    System.out.printf("%s failed: %s (see .dialer/bench.log)%n", scenario.id(), e);
                    org.slf4j.LoggerFactory.getLogger(BenchCommand.class).warn("scenario {} failed", scenario.id(), e);
                }
                seconds.put(scenario.id(), Math.round((System.nanoTime() - s0) / 1e8) / 10.0);
            }
            machine = Machine.current(context.redisVersion(), context.mongoVersion(), loadBefore);
        }
        BenchReport report = new BenchReport(profile.name(), machine, (System.nanoTime() - t0) / 1e9, tables, seconds, failures);
        report.print(System.out);
        report.write(out);
        Path markdown = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(markdown, report.markdown(), StandardCharsets.UTF_8);
        System.out.printf("%nresults written to %s and %s%n", out.toAbsolutePath(), markdown.toAbsolutePath());
        return failures.isEmpty() ? 0 : 1;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jmh")) {
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        com.dialer.launcher.CommandLogging.configure(".dialer/bench.log", "ERROR");
        int exitCode = new CommandLine(new BenchCommand()).execute(args);
        if (exitCode == 0) {
            com.dialer.launcher.ClassDataArchive.keep();
        }
        System.exit(exitCode);
    }
}
