package com.dialer.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.dialer.bench.BenchContext;
import com.dialer.bench.Scenario;
import com.dialer.bench.measure.Distribution;
import com.dialer.bench.report.ResultTable;
import com.dialer.launcher.demo.DemoCommand;
import com.dialer.launcher.demo.DemoReport;
import com.dialer.launcher.stack.DialerStack;
import com.dialer.state.RedisKeys;

import picocli.CommandLine;

/**
 * Scenario 3: the whole pipeline in one process ({@link DialerStack}: broker, Redis, MongoDB,
 * Connect, plivo-sim, every service), the demo's campaigns with a limit far above what it can do,
 * the simulator at a high CPS and a tiny time scale, for 1, 2 and 4 partitions. Calls per second
 * come from the simulator's witness; webhook → Redis latency and Kafka lag are sampled beside it.
 */
public final class PipelineScenario implements Scenario {
    static final int[] PARTITIONS = {1, 2, 4};
    static final int CLIENTS = 4;
    static final int CAP = 25;
    static final int RATE_PER_MINUTE = 60_000;
    static final int BURST = 200;
    static final int CPS = 1_000;
    static final double TIME_SCALE = 0.002;

    @Override
    public String id() {
        return "pipeline";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        int contacts = context.profile().pipelineContacts();
        ResultTable.Builder table = ResultTable.builder("pipeline", String.format(
                        "3. Pipeline end to end: %,d contacts, %d clients (cap %d), limit %,d/min, plivo-sim %,d CPS at time scale %s",
                        contacts, CLIENTS, CAP, RATE_PER_MINUTE, CPS, TIME_SCALE),
                "partitions", "dials", "seconds", "calls/s", "webhook→Redis p50 ms", "webhook→Redis p99 ms",
                "max lag (group: records)", "promises held");
        List<String> notes = new ArrayList<>();
        for (int partitions : PARTITIONS) {
            context.progress("pipeline: %d partitions, %d contacts (stack start included)", partitions, contacts);
            DemoCommand demo = new DemoCommand();
            new CommandLine(demo).parseArgs("--contacts", Integer.toString(contacts), "--clients", Integer.toString(CLIENTS),
                    "--cap", Integer.toString(CAP), "--rate", Integer.toString(RATE_PER_MINUTE), "--burst", Integer.toString(BURST),
                    "--partitions", Integer.toString(partitions), "--cps", Integer.toString(CPS),
                    "--time-scale", Double.toString(TIME_SCALE), "--max-attempts", "1", "--timeout", "300", "--quiet");
            try (DialerStack stack = DialerStack.start(demo.stackOptions());
                 LagSampler lag = new LagSampler(stack.infrastructure().bootstrapServers());
                 ProjectionLatencyProbe latency = new ProjectionLatencyProbe(stack.infrastructure().redis().uri(),
                         RedisKeys.standard())) {
                DemoReport report = demo.runOn(stack);
                Distribution toRedis = Distribution.of(latency.latenciesMillis());
                Map<String, LagSampler.Lag> lags = lag.lags();
                String worst = lags.entrySet().stream().max(Map.Entry.comparingByValue(
                                java.util.Comparator.comparingLong(LagSampler.Lag::max)))
                        .map(e -> e.getKey() + ": " + e.getValue().max()).orElse("-");
                table.row(partitions, report.dials(), report.elapsedSeconds(), report.callsPerSecond(), toRedis.p50(), toRedis.p99(),
                        worst, report.promisesHeld() ? "yes" : "no: " + report.brokenPromises());
                StringBuilder perGroup = new StringBuilder();
                lags.forEach((g, l) -> perGroup.append(String.format("%s max %d mean %.1f; ", g, l.max(), l.mean())));
                notes.add(partitions + " partition(s), lag per group: " + perGroup.toString().strip()
                        + String.format(" stack start %.1f s", stack.startupTime().toMillis() / 1000.0));
            }
        }
        table.note("calls/s = dials the simulator accepted / time from the first submit to the last contact's final outcome")
                .note("webhook→Redis: the bridge's receipt of the hangup callback to Redis showing the final state (the slot-freed "
                        + "announcement of apply-event.lua, received by a subscriber), every call")
                .note("lag sampled every 500 ms: committed offsets against the last stable offsets, per consumer group");
        notes.forEach(table::note);
        return List.of(table.build());
    }
}
