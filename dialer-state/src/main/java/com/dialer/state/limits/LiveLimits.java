package com.dialer.state.limits;

import java.util.List;

import com.dialer.schemas.IdRule;
import com.dialer.state.RedisKeys;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.ratelimit.RedisGlobalLimitSource;

import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The limits in force: the live values operators set in Redis over the configured {@link Limits},
 * resolved by the one chain {@link Limits} documents. What the scheduler paces by, what the live page
 * and {@code ./dialer limits} show, and where operators change them. The reservation script resolves
 * the same chain inside Redis ({@code reserve-slot.lua}), with the configured cap as its argument.
 */
public final class LiveLimits {
    /** The campaign-cap field value that says "this campaign has no cap of its own". */
    public static final String NO_CAMPAIGN_CAP = "none";

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final Limits configured;

    public LiveLimits(RedisClusterCommands<String, String> redis, RedisKeys keys, Limits configured) {
        this.redis = redis;
        this.keys = keys;
        this.configured = configured;
    }

    /** Where a client's cap in force comes from. */
    public enum Source { LIVE, CLIENT_LIMITS, DEFAULT }

    /** A client's cap in force, where it comes from, its rate (null: none), and its live calls now. */
    public record ClientCap(String clientId, int cap, Source source, Integer callsPerMinute, long liveCalls) {
    }

    /** A campaign's cap in force (null: none, the client's cap alone bounds it) and its live calls now. */
    public record CampaignCap(String clientId, String campaignId, Integer cap, long liveCalls) {
    }

    public Limits configured() {
        return configured;
    }

    public ClientCap client(String clientId) {
        List<KeyValue<String, String>> fields = redis.hmget(keys.limits(clientId), "cap", "rate");
        long live = redis.zcard(keys.slots(clientId));
        Integer rate = positive(fields.get(1));
        if (rate == null) {
            rate = configured.configuredRate(clientId);
        }
        Integer liveCap = fields.get(0).hasValue() ? CapValue.parse(fields.get(0).getValue()) : null;
        if (liveCap != null) {
            return new ClientCap(clientId, liveCap, Source.LIVE, rate, live);
        }
        boolean ownEntry = configured.clients().byClient().containsKey(clientId);
        return new ClientCap(clientId, configured.configuredCap(clientId), ownEntry ? Source.CLIENT_LIMITS : Source.DEFAULT, rate, live);
    }

    /**
     * The campaign's cap in force: its live value mirrored into {@code limits:{client}:campaign:<id>},
     * else {@code carried} (what its settings said when the caller learnt them).
     */
    public CampaignCap campaign(String clientId, String campaignId, Integer carried) {
        String raw = redis.hget(keys.campaignLimits(clientId, campaignId), "cap");
        long live = redis.zcard(keys.campaignSlots(clientId, campaignId));
        Integer cap;
        if (NO_CAMPAIGN_CAP.equals(raw)) {
            cap = null;
        } else {
            Integer liveCap = CapValue.parse(raw);
            cap = liveCap != null ? liveCap : carried;
        }
        return new CampaignCap(clientId, campaignId, cap, live);
    }

    /** Sets a client's live cap; applies to the next reservation, ends no live call. */
    public void setClientCap(String clientId, int cap) {
        redis.hset(keys.limits(clientId), "cap", Integer.toString(CapValue.check("cap of " + clientId, cap)));
    }

    /** Drops a client's live cap: its configured one applies again. */
    public void clearClientCap(String clientId) {
        redis.hdel(keys.limits(clientId), "cap");
    }

    /**
     * Mirrors a campaign's cap from its settings (null: none) where the reservation reads it. Written on
     * every change of the settings; a campaign with no live value falls back to the cap its requests carry.
     */
    public void mirrorCampaignCap(String clientId, String campaignId, Integer cap) {
        redis.hset(keys.campaignLimits(IdRule.require("clientId", clientId), campaignId), "cap",
                cap == null ? NO_CAMPAIGN_CAP : Integer.toString(CapValue.check("concurrencyCap of " + campaignId, cap)));
    }

    /** The global rate in force: the live value in {@code rate:{rate}:limits}, else the configured one. */
    public RateLimit globalRate() {
        return new RedisGlobalLimitSource(redis, keys, configured.globalRate()).current();
    }

    /** Sets the live global rate; every scheduler and executor applies it on its next round. */
    public void setGlobalRate(RateLimit rate) {
        new RedisGlobalLimitSource(redis, keys, configured.globalRate()).set(rate);
    }

    private static Integer positive(KeyValue<String, String> field) {
        if (!field.hasValue()) {
            return null;
        }
        try {
            int value = Integer.parseInt(field.getValue());
            return value > 0 ? value : null;
        } catch (NumberFormatException e) {
            // a typo in a hand edit must not stop dialing: the configured rate applies
            return null;
        }
    }
}
