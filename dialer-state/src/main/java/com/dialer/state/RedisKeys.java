package com.dialer.state;

import com.dialer.schemas.IdRule;
import com.dialer.schemas.Sha256;

/**
 * The Redis key layout, in one place. Every key one script touches shares a hash tag, so a script
 * runs on one cluster slot: everything about a client's calls is tagged {@code {client}}; the
 * global rate limiter and its per-campaign keys are tagged {@code {rate}}.
 *
 * <pre>
 * rate:{rate}:global                 GCRA theoretical arrival time (µs), global limit, charged by the scheduler's releases
 * rate:{rate}:starts                 GCRA TAT of the same limit charged by the executors right before each dial, so call
 *                                    starts at Plivo obey it even when requests waited for a slot in between
 * rate:{rate}:campaign:&lt;id&gt;          GCRA TAT of one campaign's own limit
 * rate:{rate}:client:&lt;id&gt;            GCRA TAT of one client's optional limit
 * rate:{rate}:account:&lt;id&gt;           GCRA TAT of one Plivo account's CPS, charged by the executors with rate:{rate}:starts
 *                                    in one script call (same tag) right before each dial through that account
 * rate:{rate}:account:&lt;id&gt;:window    ZSET the account's starts: member -> hold end while its request is in flight, then
 *                                    its answer's time (µs, Redis TIME); at most CPS within any second, in the same call
 * rate:{rate}:shares                 HASH scheduler task -> weight of its campaigns with work, for weighted shares of the limit
 * rate:{rate}:limits                 HASH the live global limit: maxCallsPerMinute, windowMs, burst
 * slots:{client}                     ZSET member = attemptId, score = lease expiry (µs, Redis TIME): the client's live calls
 * slots:{client}:campaign:&lt;id&gt;      ZSET the same leases of one campaign's live calls (same members and scores)
 * limits:{client}                    HASH cap (and rate) of the client, read inside the reserve script
 * limits:{client}:campaign:&lt;id&gt;     HASH cap of one campaign ("none" = no campaign cap), mirrored by the scheduler
 *                                    from the campaign's settings, read inside the reserve script
 * dial:{client}:&lt;attemptId&gt;          HASH the executor's dial guard: RESERVED → DIALING → ACCEPTED | REJECTED, request UUID
 * attempt:{client}:&lt;attemptId&gt;       HASH the status-processor's projection: state, version, CallRecord fields; once archived,
 *                                    shortened to the window after archiving ({@link com.dialer.state.attempt.ArchivedCalls})
 * stats:{client}:campaign:&lt;id&gt;       HASH live counters of a campaign (dialing, ringing, ..., each disposition)
 * client:{client}:recent             ZSET attemptIds of a client by time, for the query API
 * seeded:{client}                    marker: this client's hot state may be trusted: seeded:{global}'s value when the
 *                                    client's witness proved its slot kept its data, else unproven-until:&lt;µs&gt; (one lease period)
 * seeded:{global}                    marker set by the status-processor once every partition re-seeded Redis from its state stores
 * seeded:{~&lt;n&gt;}:slot                witness of one cluster slot (n chosen so the tag hashes to that slot, one key per
 *                                    slot, written by the re-seed): gone means the shard serving the slot lost its data since
 * reseed:{global}                    HASH progress of a re-seed: started:&lt;partition&gt; and done:&lt;partition&gt; → token
 * copy:{client}:call:&lt;attemptId&gt;    HASH short-TTL read-back copy of an archived call (tiered reader), attempt encoding
 * copy:{client}:campaign:&lt;id&gt;        HASH short-TTL read-back copy of an archived campaign summary (tiered reader)
 * recipient:{client}:&lt;e164&gt;          ZSET the calls to one number of one client, any campaign: member = attemptId, score = call time (µs, Redis TIME)
 * recipient:{client}:&lt;e164&gt;:live     STRING attemptId of the number's live attempt, expiring when the hold ends
 * nonce:{client}:&lt;sha256(nonce)&gt;      STRING a Plivo callback nonce already used, for BRIDGE_REPLAY_WINDOW_SECONDS (every bridge)
 * answered:{client}:&lt;callUuid&gt;       STRING attemptId of a call whose answer callback was honoured, for the hot window
 * callerid:{client}:used            HASH caller number (E.164) → "&lt;its local epoch day&gt; &lt;calls that day&gt;": the daily use of each
 *                                    number of the client's caller-ID pools, counted by pick-caller-id.lua
 * callerid:{client}:pick:&lt;attemptId&gt; STRING "&lt;e164&gt; &lt;local epoch day&gt;": the number picked for one attempt, so a retry
 *                                    reuses it uncounted and a dial that never reached Plivo gives it back
 * layout:{global}                    HASH running instance → "&lt;layout version&gt; &lt;expiry ms&gt;": the key layout each speaks
 *                                    (RedisLayout), renewed while it runs
 * </pre>
 * A prefix (empty in production) isolates tests that share one Redis. Client and campaign ids are
 * checked against {@link IdRule} here, so no id can name another client's key.
 */
public record RedisKeys(String prefix) {

    public RedisKeys {
        prefix = prefix == null ? "" : prefix;
    }

    public static RedisKeys standard() {
        return new RedisKeys("");
    }

    public String globalRate() {
        return prefix + "rate:{rate}:global";
    }

    public String campaignRate(String campaignId) {
        return prefix + "rate:{rate}:campaign:" + IdRule.require("campaignId", campaignId);
    }

    public String clientRate(String clientId) {
        return prefix + "rate:{rate}:client:" + client(clientId);
    }

    /** One Plivo account's CPS ({@code PlivoAccounts}); same tag as {@link #callStarts()}, so one script charges both. */
    public String accountRate(String accountId) {
        return prefix + "rate:{rate}:account:" + IdRule.require("accountId", accountId);
    }

    /** One Plivo account's starts in the last second, by answer time ({@code StartWindow}); same tag again. */
    public String accountStarts(String accountId) {
        return accountRate(accountId) + ":window";
    }

    public String callStarts() {
        return prefix + "rate:{rate}:starts";
    }

    public String rateShares() {
        return prefix + "rate:{rate}:shares";
    }

    public String globalRateLimits() {
        return prefix + "rate:{rate}:limits";
    }

    public String slots(String clientId) {
        return prefix + "slots:{" + client(clientId) + "}";
    }

    public String limits(String clientId) {
        return prefix + "limits:{" + client(clientId) + "}";
    }

    /** One campaign's live calls: the same leases as {@link #slots}, under the client's hash tag so one script takes both. */
    public String campaignSlots(String clientId, String campaignId) {
        return slots(clientId) + ":campaign:" + IdRule.require("campaignId", campaignId);
    }

    /** One campaign's cap, under the client's hash tag; the scheduler mirrors it from the campaign's settings. */
    public String campaignLimits(String clientId, String campaignId) {
        return limits(clientId) + ":campaign:" + IdRule.require("campaignId", campaignId);
    }

    /** The pub/sub channel a freed slot of the client is announced on (executors parked on a cap wake at once). */
    public String slotReleased(String clientId) {
        return slots(clientId) + ":released";
    }

    public String dialGuard(String clientId, String attemptId) {
        return prefix + "dial:{" + client(clientId) + "}:" + IdRule.requireAttempt(attemptId);
    }

    public String attempt(String clientId, String attemptId) {
        return prefix + "attempt:{" + client(clientId) + "}:" + IdRule.requireAttempt(attemptId);
    }

    public String campaignStats(String clientId, String campaignId) {
        return prefix + "stats:{" + client(clientId) + "}:campaign:" + IdRule.require("campaignId", campaignId);
    }

    /** Which key layout each running instance speaks ({@link RedisLayout}). */
    public String layouts() {
        return prefix + "layout:{global}";
    }

    public String recentCalls(String clientId) {
        return prefix + "client:{" + client(clientId) + "}:recent";
    }

    public String seeded(String clientId) {
        return prefix + "seeded:{" + client(clientId) + "}";
    }

    /**
     * The witness of the cluster slot that {@code clientId}'s keys hash to: written for every slot by the
     * re-seed, lost with the shard that serves it, so a client's missing marker can tell "never seen" (the
     * witness is there) from "lost with its shard" (gone too). One slot's witness on one node is the same
     * key on every shape.
     */
    public String slotWitness(String clientId) {
        return slotWitness(io.lettuce.core.cluster.SlotHash.getSlot(seeded(clientId)));
    }

    /** Every slot's witness, one per cluster slot, for the re-seed to write. */
    public java.util.List<String> slotWitnesses() {
        return java.util.Arrays.stream(WitnessTags.TAGS).map(tag -> prefix + "seeded:{" + tag + "}:slot").toList();
    }

    private String slotWitness(int slot) {
        return prefix + "seeded:{" + WitnessTags.TAGS[slot] + "}:slot";
    }

    /** For each of the 16384 cluster slots, the first {@code ~<n>} whose CRC16 lands there ({@code ~} is in no id). */
    private static final class WitnessTags {
        static final String[] TAGS = new String[io.lettuce.core.cluster.SlotHash.SLOT_COUNT];

        static {
            int found = 0;
            for (int n = 0; found < TAGS.length; n++) {
                String tag = "~" + Integer.toString(n, 36);
                int slot = io.lettuce.core.cluster.SlotHash.getSlot(tag);
                if (TAGS[slot] == null) {
                    TAGS[slot] = tag;
                    found++;
                }
            }
        }
    }

    /**
     * Set once every status-processor partition has re-seeded Redis after a loss (or on first start).
     * A client with no live attempt is then ready too, so executors copy it into {@link #seeded(String)}
     * while the client's {@link #slotWitness(String)} proves its slot kept its data.
     */
    public String seededGlobal() {
        return prefix + "seeded:{global}";
    }

    /** Which partitions have re-seeded since Redis was found empty; same hash tag as {@link #seededGlobal()}. */
    public String reseedProgress() {
        return prefix + "reseed:{global}";
    }

    /** Kept apart from {@link #attempt}: a copy of archived data must never look like live state to the state machine. */
    public String callCopy(String clientId, String attemptId) {
        return prefix + "copy:{" + client(clientId) + "}:call:" + IdRule.requireAttempt(attemptId);
    }

    public String campaignCopy(String clientId, String campaignId) {
        return prefix + "copy:{" + client(clientId) + "}:campaign:" + IdRule.require("campaignId", campaignId);
    }

    /** The calls to one number across all of a client's campaigns (the scheduler's communication limits). */
    public String recipientCalls(String clientId, String e164) {
        return prefix + "recipient:{" + client(clientId) + "}:" + e164;
    }

    /** The live attempt to one number of a client; same hash slot as {@link #recipientCalls}, so one script holds both. */
    public String recipientLive(String clientId, String e164) {
        return recipientCalls(clientId, e164) + ":live";
    }

    /**
     * A callback nonce already used. The nonce is Plivo's free text: hashed, so it can neither be long nor
     * name another key.
     */
    public String callbackNonce(String clientId, String nonce) {
        return prefix + "nonce:{" + client(clientId) + "}:" + Sha256.hex(nonce);
    }

    /** A call whose answer callback was honoured once; Plivo's call UUID (a UUID) must pass the id rule. */
    public String answeredCall(String clientId, String callUuid) {
        return prefix + "answered:{" + client(clientId) + "}:" + IdRule.require("callUuid", callUuid);
    }

    /** The daily use of every number of a client's caller-ID pools (a number's cap is the client's, whatever the pool). */
    public String callerIdUsage(String clientId) {
        return prefix + "callerid:{" + client(clientId) + "}:used";
    }

    /** The caller number picked for one attempt; same hash slot as {@link #callerIdUsage}, so one script holds both. */
    public String callerIdPick(String clientId, String attemptId) {
        return prefix + "callerid:{" + client(clientId) + "}:pick:" + IdRule.requireAttempt(attemptId);
    }

    /** Patterns ({@code *}) pass: they name keys, they do not build one. */
    private static String client(String clientId) {
        return "*".equals(clientId) ? clientId : IdRule.require("clientId", clientId);
    }
}
