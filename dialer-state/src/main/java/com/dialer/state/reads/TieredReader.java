package com.dialer.state.reads;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The one reader behind every read path: Redis first (the live projection, then a read-back copy),
 * MongoDB second; what MongoDB answered is copied back into Redis with a short TTL, so history that
 * is read again is served from memory. Every query is scoped to one client: a record of another
 * client is never returned, whichever tier holds it.
 */
public final class TieredReader {

    public static final String CALLS = "calls";
    public static final String CAMPAIGNS = "campaigns";

    private static final LuaScript WRITE_COPY = LuaScript.fromResource("com/dialer/state/reads/write-copy.lua");

    private final RedisClusterCommands<String, String> redis;
    private final MongoCollection<Document> calls;
    private final MongoCollection<Document> campaigns;
    private final RedisKeys keys;
    private final TieredReadConfig config;
    private final Clock clock;

    public TieredReader(RedisClusterCommands<String, String> redis, MongoDatabase archive, RedisKeys keys,
            TieredReadConfig config, Clock clock) {
        this.redis = redis;
        this.calls = archive.getCollection(CALLS);
        this.campaigns = archive.getCollection(CAMPAIGNS);
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /** One attempt of {@code clientId}; empty when neither tier has it for this client. */
    public Optional<Read<CallView>> call(String clientId, String attemptId) {
        Map<String, String> hot = redis.hgetall(keys.attempt(clientId, attemptId));
        if (!hot.isEmpty()) {
            return Optional.of(new Read<>(CallView.fromHash(attemptId, hot), Tier.HOT));
        }
        Map<String, String> copy = redis.hgetall(keys.callCopy(clientId, attemptId));
        if (!copy.isEmpty()) {
            return Optional.of(new Read<>(CallView.fromHash(attemptId, copy), Tier.READ_BACK));
        }
        Document cold = calls.find(Filters.and(Filters.eq("_id", attemptId), Filters.eq("clientId", clientId))).first();
        if (cold == null) {
            return Optional.empty();
        }
        CallView view = CallView.fromDocument(cold);
        writeCopy(keys.callCopy(clientId, attemptId), view.toHash());
        return Optional.of(new Read<>(view, Tier.COLD));
    }

    /**
     * A campaign's live stats, else its archived summary; empty when neither tier has it for this client. The
     * live hash holds counters only: the lifecycle (status, created, updated, completed) is the scheduler's,
     * published in its summaries, so a live answer takes it from the latest archived summary, and so what the
     * contacts not yet called wait for.
     */
    public Optional<Read<CampaignView>> campaign(String clientId, String campaignId) {
        Map<String, String> hot = redis.hgetall(keys.campaignStats(clientId, campaignId));
        if (!hot.isEmpty()) {
            CampaignView live = CampaignView.fromStats(campaignId, clientId, hot);
            Document lifecycle = campaigns.find(Filters.and(Filters.eq("_id", campaignId), Filters.eq("clientId", clientId)))
                    .projection(new Document("status", 1).append("createdAt", 1).append("updatedAt", 1).append("completedAt", 1)
                            .append("waiting", 1).append("nextWindowOpensAt", 1).append("nextWindowZone", 1))
                    .first();
            return Optional.of(new Read<>(lifecycle == null ? live : live.withLifecycleOf(lifecycle), Tier.HOT));
        }
        Map<String, String> copy = redis.hgetall(keys.campaignCopy(clientId, campaignId));
        if (!copy.isEmpty()) {
            return Optional.of(new Read<>(CampaignView.fromStats(campaignId, clientId, copy), Tier.READ_BACK));
        }
        Document cold = campaigns.find(Filters.and(Filters.eq("_id", campaignId), Filters.eq("clientId", clientId)))
                .first();
        if (cold == null) {
            return Optional.empty();
        }
        CampaignView view = CampaignView.fromDocument(cold);
        writeCopy(keys.campaignCopy(clientId, campaignId), view.toHash());
        return Optional.of(new Read<>(view, Tier.COLD));
    }

    /**
     * The client's calls since {@code since}, newest first, at most {@code recentLimit}. Redis
     * answers alone when it knows calls in the window and the window lies inside the hot window;
     * otherwise (Redis restarted, keys expired, or older history asked for) MongoDB fills in, and a
     * call found in both tiers is taken from Redis, the fresher one.
     */
    public List<CallView> recentCalls(String clientId, Instant since) {
        List<String> ids = redis.zrevrangebyscore(keys.recentCalls(clientId),
                Range.create((double) since.toEpochMilli(), Double.POSITIVE_INFINITY), Limit.create(0, config.recentLimit()));
        Map<String, CallView> byId = new LinkedHashMap<>();
        List<String> expired = new ArrayList<>();
        for (String id : ids) {
            Map<String, String> hot = redis.hgetall(keys.attempt(clientId, id));
            if (hot.isEmpty()) {
                expired.add(id);
            } else {
                byId.put(id, CallView.fromHash(id, hot));
            }
        }
        boolean insideHotWindow = !since.isBefore(clock.instant().minus(config.hotWindow()));
        if (!byId.isEmpty() && expired.isEmpty() && insideHotWindow) {
            return List.copyOf(byId.values());
        }
        calls.find(Filters.and(Filters.eq("clientId", clientId), Filters.gte("endedAt", java.util.Date.from(since))))
                .sort(Sorts.descending("endedAt"))
                .limit(config.recentLimit())
                .forEach(d -> byId.putIfAbsent(d.getString("_id"), CallView.fromDocument(d)));
        if (!expired.isEmpty()) {
            calls.find(Filters.and(Filters.in("_id", expired), Filters.eq("clientId", clientId)))
                    .forEach(d -> byId.putIfAbsent(d.getString("_id"), CallView.fromDocument(d)));
        }
        return byId.values().stream()
                .sorted(Comparator.comparing(CallView::latestTime, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(config.recentLimit())
                .toList();
    }

    private void writeCopy(String key, Map<String, String> hash) {
        String[] args = new String[1 + 2 * hash.size()];
        args[0] = Long.toString(config.readBackTtl().toMillis());
        int i = 1;
        for (Map.Entry<String, String> e : hash.entrySet()) {
            args[i++] = e.getKey();
            args[i++] = e.getValue();
        }
        WRITE_COPY.eval(redis, ScriptOutputType.INTEGER, new String[] {key}, args);
    }
}
