package com.dialer.status;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything under one key prefix, by key without the prefix: hashes as maps, sorted sets as
 * member → score, strings as they are; TTLs left out. Two projections are equal when their
 * snapshots are.
 */
record RedisSnapshot(Map<String, Object> entries) {

    static RedisSnapshot of(RedisClusterCommands<String, String> redis, String prefix) {
        Map<String, Object> entries = new TreeMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
            for (String key : page.getKeys()) {
                String name = key.substring(prefix.length());
                switch (redis.type(key)) {
                    case "hash" -> entries.put(name, new TreeMap<>(redis.hgetall(key)));
                    case "zset" -> entries.put(name, redis.zrangeWithScores(key, 0, -1).stream()
                            .collect(Collectors.toMap(v -> v.getValue(), v -> v.getScore(), (a, b) -> a, TreeMap::new)));
                    case "string" -> entries.put(name, redis.get(key));
                    default -> entries.put(name, "(" + redis.type(key) + ")");
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return new RedisSnapshot(entries);
    }

    /** Only the keys starting with one of {@code kinds} (e.g. "attempt:", "stats:"). */
    RedisSnapshot only(String... kinds) {
        Map<String, Object> kept = new TreeMap<>();
        entries.forEach((k, v) -> {
            for (String kind : kinds) {
                if (k.startsWith(kind)) {
                    kept.put(k, v);
                }
            }
        });
        return new RedisSnapshot(kept);
    }

    /**
     * Counters without the zeros a decrement leaves behind: a re-seed projects each attempt's
     * current state only, so it never writes a counter that went up and down again.
     */
    @SuppressWarnings("unchecked")
    RedisSnapshot withoutZeroCounters() {
        Map<String, Object> kept = new TreeMap<>(entries);
        kept.replaceAll((k, v) -> k.startsWith("stats:") ? nonZero((Map<String, String>) v) : v);
        return new RedisSnapshot(kept);
    }

    private static Map<String, String> nonZero(Map<String, String> counters) {
        return counters.entrySet().stream().filter(e -> !e.getValue().equals("0"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @SuppressWarnings("unchecked")
    Map<String, String> hash(String key) {
        return (Map<String, String>) entries.getOrDefault(key, Map.of());
    }

    @SuppressWarnings("unchecked")
    Map<String, Double> zset(String key) {
        return (Map<String, Double>) entries.getOrDefault(key, Map.of());
    }

    /** A campaign's counters without the zeros a decrement leaves behind. */
    Map<String, String> counters(String client, String campaign) {
        return nonZero(hash("stats:{" + client + "}:campaign:" + campaign));
    }
}
