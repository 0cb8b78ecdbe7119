package com.dialer.bench.slots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.dialer.bench.BenchContext;
import com.dialer.bench.BenchProfile;
import com.dialer.bench.Scenario;
import com.dialer.bench.measure.Distribution;
import com.dialer.bench.measure.TimeWindows;
import com.dialer.bench.report.ResultTable;
import com.dialer.stack.LocalStack;

/**
 * Scenario 2: 50 workers dialing for 4 clients with a cap of 10 each, a warm-up between the check
 * and the dial, random call lengths. Ours (the slot reserved atomically at the check), the seed's
 * check-then-act and its insert-first proposal, one after another with the same seed: the most
 * calls live at once per client, how much of the caps was used, how fast a freed slot is used again.
 */
public final class CapScenario implements Scenario {
    static final int WORKERS = 50;
    static final int CAP = 10;
    static final List<String> CLIENTS = List.of("client-a", "client-b", "client-c", "client-d");

    @Override
    public String id() {
        return "cap";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        BenchProfile p = context.profile();
        LocalStack stack = context.stack();
        String prefix = LocalStack.uniquePrefix("bench-cap");
        CapRun run = new CapRun(CLIENTS, WORKERS, p.capRun(), p.capWarmUp(), p.callMin(), p.callMax(), 42);
        ResultTable.Builder table = ResultTable.builder("cap", String.format(
                        "2. Per-client cap: %d workers, %d clients, cap %d, warm-up %.1f s, calls %.2f-%.1f s, %d s each",
                        WORKERS, CLIENTS.size(), CAP, p.capWarmUp().toMillis() / 1000.0, p.callMin().toMillis() / 1000.0,
                        p.callMax().toMillis() / 1000.0, p.capRun().toSeconds()),
                "design", "calls", "max live per client", "over cap %", "cap used %", "release→admit p50 ms",
                "release→admit p99 ms", "release→dial p50 ms", "release→dial p99 ms");
        List<SlotGate> gates = List.of(
                new LeaseGate(stack.redis().uri(), prefix + "lease:", CLIENTS, CAP),
                new CheckThenActGate(stack.redis().uri(), prefix + "cta:", CAP),
                new InsertFirstGate(stack.mongo().connectionString(), prefix + "active_calls", CAP));
        try {
            for (SlotGate gate : gates) {
                context.progress("cap: %s for %d s", gate.label(), p.capRun().toSeconds());
                Map<String, List<CapRun.Attempt>> logs = run.runThrough(gate);
                int maxLive = 0;
                long calls = 0;
                long covered = 0;
                List<CapRun.Handover> handovers = new ArrayList<>();
                for (List<CapRun.Attempt> attempts : logs.values()) {
                    List<TimeWindows.Interval> live = CapRun.calls(attempts);
                    maxLive = Math.max(maxLive, TimeWindows.maxSimultaneous(live));
                    calls += live.size();
                    covered += TimeWindows.coveredTime(live, 0, p.capRun().toNanos());
                    handovers.addAll(CapRun.handovers(attempts));
                }
                Distribution admit = Distribution.ofNanosAsMillis(handovers.stream().mapToLong(CapRun.Handover::toAdmitNanos).toArray());
                Distribution dial = Distribution.ofNanosAsMillis(handovers.stream().mapToLong(CapRun.Handover::toDialNanos).toArray());
                table.row(gate.label(), calls, maxLive, 100.0 * Math.max(0, maxLive - CAP) / CAP,
                        100.0 * covered / ((double) CAP * CLIENTS.size() * p.capRun().toNanos()),
                        admit.p50(), admit.p99(), dial.p50(), dial.p99());
            }
        } finally {
            gates.forEach(SlotGate::close);
        }
        return List.of(table
                .note("calls live = from the dial to the end of the call, per client (the Plivo boundary); max over the 4 clients")
                .note("cap used % = live-call time / (cap × clients × run): the warm-up inside a reserved slot is not counted as used")
                .note("release→admit: a call's end to the attempt that took its slot (each release paired in order with the next "
                        + "attempt let through for that client); release→dial: to that attempt's dial, the warm-up included")
                .note("a refused worker waits for a release of its client (woken at once in this JVM) or 100 ms, then asks again; "
                        + "a freed slot stays free while no waiting worker holds an attempt of its client, which the p99 shows")
                .note("check-then-act: SCARD, warm-up, dial, SADD on Redis; insert-first: insertOne, countDocuments, deleteOne on MongoDB")
                .build());
    }
}
