package com.dialer.bench.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dialer.archiver.ArchiverSinkConfig;
import com.dialer.bench.BenchContext;
import com.dialer.bench.Scenario;
import com.dialer.bench.report.ResultTable;
import com.dialer.launcher.demo.DemoCommand;
import com.dialer.launcher.demo.DemoReport;
import com.dialer.launcher.stack.DialerStack;
import com.dialer.launcher.stack.StackOptions;
import com.dialer.state.HotRetention;
import com.dialer.state.RedisConnection;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import picocli.CommandLine;

/**
 * Redis bytes per finished call: the demo's calls through the whole pipeline in one process ({@link DialerStack}, the
 * archiver sink shrinking archived calls' hot copies), then every key in Redis sized with {@code MEMORY USAGE}, by kind,
 * beside {@code INFO memory}'s {@code used_memory} before and after. The steady state at 1,000,000 calls a day is each
 * kind's bytes per call times the calls alive at once (rate × how long the kind lives in production), before the archive's
 * acknowledgement (every per-call key for the hot window) and after (the attempt hash for the window after archiving).
 */
public final class RedisMemoryScenario implements Scenario {
    static final int CLIENTS = 4;
    static final long CALLS_PER_DAY = 1_000_000;
    /** HOT_WINDOW_SECONDS' default in production (every service's, {@link HotRetention}). */
    static final Duration HOT_WINDOW = HotRetention.DEFAULT_HOT_WINDOW;
    static final Duration ARCHIVE_PATIENCE = Duration.ofSeconds(120);

    /** A kind of key and how long it lives in production, before and after the archive's acknowledgement (null: as measured). */
    private record Kind(String name, String what, Duration before, Duration after) {
    }

    private static final Duration AFTER_ARCHIVE = Duration.ofSeconds(
            (Long) ArchiverSinkConfig.DEFINITION.configKeys().get(ArchiverSinkConfig.HOT_AFTER_ARCHIVE_SECONDS).defaultValue);

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        kind(new Kind("attempt", "attempt hash", HOT_WINDOW, AFTER_ARCHIVE));
        kind(new Kind("dial", "dial guard", HOT_WINDOW, HotRetention.dialGuardLife(HOT_WINDOW)));
        kind(new Kind("recipient", "recipient calls zset (per call: its share)", null, null));
        kind(new Kind("recipient-live", "recipient live hold", null, null));
        kind(new Kind("recent", "client:{c}:recent (per call: its member)", HOT_WINDOW, HOT_WINDOW));
        kind(new Kind("answered", "answered-call marker", HOT_WINDOW, HOT_WINDOW));
        kind(new Kind("nonce", "callback nonce", null, null));
        kind(new Kind("copy", "tiered reader's read-back copy", null, null));
        kind(new Kind("other", "fixed: per client, campaign, limit, slot witness", null, null));
    }

    private static void kind(Kind k) {
        KINDS.put(k.name(), k);
    }

    @Override
    public String id() {
        return "redis-memory";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        int contacts = context.profile().redisMemoryContacts();
        context.progress("redis-memory: %d contacts through the pipeline (stack start included)", contacts);
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--contacts", Integer.toString(contacts), "--clients", Integer.toString(CLIENTS),
                "--cap", "25", "--rate", "60000", "--burst", "200", "--partitions", "2", "--cps", "1000",
                "--time-scale", "0.002", "--max-attempts", "1", "--timeout", "300", "--quiet");
        StackOptions options = demo.stackOptions();
        try (DialerStack stack = DialerStack.start(options);
             RedisConnection redis = RedisConnection.open("REDIS_URI", stack.infrastructure().redis().uri())) {
            RedisClusterCommands<String, String> sync = redis.sync();
            long usedBefore = usedMemory(sync);
            DemoReport report = demo.runOn(stack);
            context.progress("redis-memory: %d dials; waiting for the archive to shrink their hot copies", report.dials());
            Shrink shrink = awaitArchived(sync);
            long usedAfter = usedMemory(sync);
            Map<String, Census> census = census(sync);
            long calls = report.finishedAttempts();
            String version = sync.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring("redis_version:".length()).trim()).findFirst().orElse("?");
            return List.of(table(census, calls, usedBefore, usedAfter, shrink, options.hotWindow(), report, version));
        }
    }

    /** What the archive's acknowledgement did: the longest attempt TTL when the last outcome came, then how long it took. */
    private record Shrink(long longestTtlBefore, long waitedMs) {
    }

    /** Until no finished call's attempt hash outlives the window after archiving, or the patience runs out. */
    private static Shrink awaitArchived(RedisClusterCommands<String, String> sync) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + ARCHIVE_PATIENCE.toNanos();
        long before = Long.MIN_VALUE;
        while (System.nanoTime() < deadline) {
            Census attempts = census(sync).get("attempt");
            before = before == Long.MIN_VALUE ? attempts.longestTtl : before;
            if (attempts.longestTtl <= AFTER_ARCHIVE.toSeconds()) {
                break;
            }
            Thread.sleep(1_000);
        }
        return new Shrink(before, (System.nanoTime() - t0) / 1_000_000);
    }

    static final class Census {
        long keys;
        long bytes;
        long longestTtl = -2;
        long withoutTtl;
    }

    static Map<String, Census> census(RedisClusterCommands<String, String> sync) {
        Map<String, Census> byKind = new LinkedHashMap<>();
        KINDS.keySet().forEach(k -> byKind.put(k, new Census()));
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs args = ScanArgs.Builder.limit(1_000);
        for (int round = 0; round < 1_000_000 && !cursor.isFinished(); round++) {
            KeyScanCursor<String> page = sync.scan(cursor, args);
            for (String key : page.getKeys()) {
                Census c = byKind.get(kindOf(key));
                Long bytes = sync.memoryUsage(key);
                if (bytes == null) {
                    continue; // expired between the scan and the look
                }
                c.keys++;
                c.bytes += bytes;
                long ttl = sync.ttl(key);
                c.longestTtl = Math.max(c.longestTtl, ttl);
                if (ttl == -1) {
                    c.withoutTtl++;
                }
            }
            cursor = page;
        }
        return byKind;
    }

    static String kindOf(String key) {
        String head = key.substring(0, Math.max(0, key.indexOf(':')));
        return switch (head) {
            case "attempt", "dial", "answered", "nonce", "copy" -> head;
            case "recipient" -> key.endsWith(":live") ? "recipient-live" : "recipient";
            case "client" -> key.endsWith(":recent") ? "recent" : "other";
            default -> "other";
        };
    }

    /** {@code INFO memory}'s {@code used_memory}, bytes. */
    static long usedMemory(RedisClusterCommands<String, String> sync) {
        return sync.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
                .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).trim())).findFirst().orElseThrow();
    }

    private static ResultTable table(Map<String, Census> census, long calls, long usedBefore, long usedAfter, Shrink shrink,
                                     Duration demoHotWindow, DemoReport report, String redisVersion) {
        ResultTable.Builder table = ResultTable.builder("redis-memory", String.format(
                        "Redis bytes per finished call: %,d calls through the pipeline, steady state projected for %,d calls/day",
                        calls, CALLS_PER_DAY),
                "key kind", "keys", "without TTL", "bytes", "bytes/call", "longest TTL now (s)", "lives before", "lives after",
                "steady MB before", "steady MB after");
        double totalBefore = 0;
        double totalAfter = 0;
        long perCallBytes = 0;
        double perCallSteadyBefore = 0;
        double perCallSteadyAfter = 0;
        for (Kind k : KINDS.values()) {
            Census c = census.get(k.name());
            double perCall = calls == 0 ? 0 : (double) c.bytes / calls;
            Duration before = k.before() != null ? k.before() : measured(c);
            Duration after = k.after() != null ? k.after() : measured(c);
            boolean perCallKind = !k.name().equals("other");
            double mbBefore = perCallKind ? steadyMb(perCall, before) : c.bytes / 1e6;
            double mbAfter = perCallKind ? steadyMb(perCall, after) : c.bytes / 1e6;
            if (perCallKind) {
                perCallBytes += c.bytes;
                perCallSteadyBefore += mbBefore;
                perCallSteadyAfter += mbAfter;
            }
            totalBefore += mbBefore;
            totalAfter += mbAfter;
            table.row(k.what(), c.keys, c.withoutTtl, c.bytes, Math.round(perCall), c.longestTtl, human(before, perCallKind),
                    human(after, perCallKind), round1(mbBefore), round1(mbAfter));
        }
        table.row("all per-call keys", "", "", perCallBytes, calls == 0 ? 0 : Math.round((double) perCallBytes / calls), "", "", "",
                round1(totalBefore), round1(totalAfter));
        table.row("INFO used_memory delta", "", "", usedAfter - usedBefore,
                calls == 0 ? 0 : Math.round((double) (usedAfter - usedBefore) / calls), "", "", "", "", "");
        return table
                .note("bytes: MEMORY USAGE of every key at the end (key, value and Redis' overhead); bytes/call = bytes / finished calls; "
                        + "without TTL: keys that would never expire (a per-call one would grow Redis for ever)")
                .note("lives before: every per-call key for HOT_WINDOW_SECONDS' default (" + HOT_WINDOW.toDays()
                        + " d); after: the archive's acknowledgement shortens the attempt hash to archiver.hot.after.archive.seconds' default ("
                        + AFTER_ARCHIVE.toHours() + " h) and the dial guard lives dial-requests' retention + 1 d ("
                        + HotRetention.dialGuardLife(HOT_WINDOW).toDays() + " d); kinds whose life no config names are taken as measured (longest TTL now)")
                .note("steady MB = bytes/call × " + CALLS_PER_DAY + " calls/day × life in days (calls alive at once); "
                        + "the fixed keys counted as measured")
                .note(String.format("per hot call (the per-call keys' steady bytes over the %,d M calls inside the %d-day hot "
                        + "window): %,.0f B before, %,.0f B after; a call's first hour, before its nonces expire and its "
                        + "archive, holds %,d B", CALLS_PER_DAY * HOT_WINDOW.toDays() / 1_000_000, HOT_WINDOW.toDays(),
                        hotCallBytes(perCallSteadyBefore), hotCallBytes(perCallSteadyAfter),
                        calls == 0 ? 0 : Math.round((double) perCallBytes / calls)))
                .note(String.format("the archive's acknowledgement, measured: when the last outcome came the longest attempt TTL "
                        + "was %,d s (the demo's hot window: %,d s); %.1f s later every one was at most %,d s; %d dials in %.1f s, promises "
                        + "held: %s; Redis %s", shrink.longestTtlBefore(), demoHotWindow.toSeconds(), shrink.waitedMs() / 1000.0, AFTER_ARCHIVE.toSeconds(),
                        report.dials(), report.elapsedSeconds(), report.promisesHeld(), redisVersion))
                .build();
    }

    private static Duration measured(Census c) {
        return Duration.ofSeconds(Math.max(0, c.longestTtl));
    }

    /** Bytes per call alive in the hot window, from the per-call kinds' steady MB. */
    private static double hotCallBytes(double steadyMb) {
        return steadyMb * 1e6 / (CALLS_PER_DAY * (HOT_WINDOW.toSeconds() / 86_400.0));
    }

    private static double steadyMb(double bytesPerCall, Duration life) {
        return bytesPerCall * CALLS_PER_DAY * (life.toSeconds() / 86_400.0) / 1e6;
    }

    private static String human(Duration d, boolean perCall) {
        if (!perCall) {
            return "-";
        }
        long s = d.toSeconds();
        return s >= 86_400 ? String.format("%.1f d", s / 86_400.0) : s >= 3_600 ? String.format("%.1f h", s / 3_600.0) : s + " s";
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
