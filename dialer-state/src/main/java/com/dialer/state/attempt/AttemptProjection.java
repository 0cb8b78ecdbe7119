package com.dialer.state.attempt;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Projects one attempt's state change into Redis with {@code apply-event.lua}: the attempt hash,
 * the campaign's live counters, the slot at both levels (released on a final state, its lease re-asserted while
 * live) and the client's recent calls, in one script guarded by the attempt's version. Applying
 * the same change twice is a no-op, which is what a processor needs since exactly-once covers
 * Kafka only.
 */
public final class AttemptProjection {

    private static final LuaScript APPLY = LuaScript.fromResource("com/dialer/state/apply-event.lua");
    private static final LuaScript FILL = LuaScript.fromResource("com/dialer/state/fill-attempt.lua");

    private final RedisKeys keys;
    private final Duration hotWindow;

    public AttemptProjection(RedisKeys keys, Duration hotWindow) {
        if (hotWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("hot window must be at least one second, was " + hotWindow);
        }
        this.keys = keys;
        this.hotWindow = hotWindow;
    }

    /**
     * One change of one attempt; {@code fields} use the CallRecord field names.
     *
     * @param leaseUntilMillis for a live state, when the call's slot lease ends at the latest (epoch
     *                         millis, on the processor's clock); 0 = leave the slot set alone
     */
    public record Change(String clientId, String campaignId, String attemptId, long version, String state,
                         long changedAtMillis, long leaseUntilMillis, Map<String, String> fields) {

        public Change(String clientId, String campaignId, String attemptId, long version, String state,
                      long changedAtMillis, Map<String, String> fields) {
            this(clientId, campaignId, attemptId, version, state, changedAtMillis, 0L, fields);
        }
    }

    /** @return true when the change was applied, false when it was a duplicate or older */
    public boolean apply(RedisClusterCommands<String, String> redis, Change change) {
        String[] keyList = {
            keys.attempt(change.clientId(), change.attemptId()),
            keys.campaignStats(change.clientId(), change.campaignId()),
            keys.slots(change.clientId()),
            keys.recentCalls(change.clientId()),
            keys.campaignSlots(change.clientId(), change.campaignId())
        };
        List<String> args = new ArrayList<>(List.of(
                Long.toString(change.version()), change.state(), Long.toString(hotWindow.toSeconds()),
                Long.toString(change.changedAtMillis()), change.attemptId(),
                Long.toString(Math.max(0L, change.leaseUntilMillis()))));
        change.fields().forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        Long applied = APPLY.eval(redis, ScriptOutputType.INTEGER, keyList, args.toArray(String[]::new));
        return applied != null && applied == 1L;
    }

    /**
     * Adds the fields the attempt's hash lacks (never overwrites, never touches state, version or
     * counters); nothing when the hash does not exist.
     *
     * @return how many fields were added
     */
    public long fillIn(RedisClusterCommands<String, String> redis, String clientId, String attemptId, Map<String, String> fields) {
        if (fields.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(fields.size() * 2);
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        Long added = FILL.eval(redis, ScriptOutputType.INTEGER, new String[] {keys.attempt(clientId, attemptId)},
                args.toArray(String[]::new));
        return added == null ? 0 : added;
    }
}
