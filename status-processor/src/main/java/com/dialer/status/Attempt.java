package com.dialer.status;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallRecord;
import com.dialer.avro.CallStatus;
import com.dialer.avro.Disposition;
import com.dialer.avro.EventSource;
import com.dialer.state.attempt.AttemptProjection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the status-processor knows about one call attempt, as kept in its {@code attempts} store:
 * the state machine's position and a version (the number of transitions applied), the identity
 * (campaign, client, contact, phone, attempt number), Plivo's ids, the time of each phase, the
 * hangup details, and the bookkeeping of the processor (what was projected to Redis, when the
 * attempt is next due to the reaper, whether its outcome went out).
 *
 * <p>Events change it only through {@link #absorb}: an event that moves the state forward
 * ({@link CallStateMachine#advances}) applies; any event may still fill in what is missing so far
 * (the executor's DIALING arriving after the hangup webhook brings the phone number) without
 * changing the state or the version. So duplicates, reordering and replays change nothing twice.
 */
final class Attempt implements Cloneable {

    /** What an event did to the attempt. */
    enum Absorbed {
        /** moved the state forward: version + 1 */
        ADVANCED,
        /** no transition, but it brought details not known before */
        FILLED,
        /** nothing new: a duplicate, or an older event with nothing to add */
        UNCHANGED
    }

    private String attemptId;
    private String campaignId;
    private String clientId;
    private String contactId;
    private String phoneNumber;
    private Integer attemptNumber;
    private String callerId;
    private CallStatus state;
    private long version;
    private long projectedVersion;
    private EventSource finalSource;
    private String plivoRequestUuid;
    private String plivoCallUuid;
    private Long firstSeenAt;
    private Long changedAt;
    private Long reservedAt;
    private Long dialedAt;
    private Long ringingAt;
    private Long answeredAt;
    private Long endedAt;
    private String hangupCause;
    private Integer hangupCauseCode;
    private Integer durationSeconds;
    private Integer billDurationSeconds;
    private Boolean machineDetected;
    private Integer ringTimeoutSeconds;
    private Integer timeLimitSeconds;
    private String reason;
    private long dueAt;
    private Long holdUntil;
    private boolean emitted;
    private Long reconcileAskedAt;
    private Long firstOverdueAt;

    Attempt() {
        // for the store's serde
    }

    static Attempt of(String attemptId) {
        Attempt a = new Attempt();
        a.attemptId = attemptId;
        return a;
    }

    Attempt copy() {
        try {
            return (Attempt) clone(); // every field is an immutable value
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    Absorbed absorb(CallEvent e) {
        long at = e.getOccurredAt().toEpochMilli();
        boolean advanced = CallStateMachine.advances(state, e.getStatus());
        if (advanced) {
            // machine detection only marks the live call; the hangup of a call a machine answered ends it as MACHINE
            boolean machine = Boolean.TRUE.equals(e.getMachineDetected()) || Boolean.TRUE.equals(machineDetected);
            state = e.getStatus() == CallStatus.COMPLETED && machine ? CallStatus.MACHINE : e.getStatus();
            version++;
            changedAt = at;
            if (isFinal()) {
                endedAt = at;
                finalSource = e.getSource();
            }
            // the event that makes the transition speaks for it: its details win over older ones
            hangupCause = orKeep(e.getHangupCause(), hangupCause);
            hangupCauseCode = orKeep(e.getHangupCauseCode(), hangupCauseCode);
            durationSeconds = orKeep(e.getDurationSeconds(), durationSeconds);
            billDurationSeconds = orKeep(e.getBillDurationSeconds(), billDurationSeconds);
            machineDetected = orKeep(e.getMachineDetected(), machineDetected);
            reason = orKeep(e.getReason(), reason);
        }
        boolean filled = fillIn(e, at);
        return advanced ? Absorbed.ADVANCED : filled ? Absorbed.FILLED : Absorbed.UNCHANGED;
    }

    private boolean fillIn(CallEvent e, long at) {
        Fill f = new Fill();
        campaignId = f.of(campaignId, e.getCampaignId());
        clientId = f.of(clientId, e.getClientId());
        contactId = f.of(contactId, e.getContactId());
        phoneNumber = f.of(phoneNumber, e.getPhoneNumber());
        attemptNumber = f.of(attemptNumber, e.getAttemptNumber());
        callerId = f.of(callerId, e.getCallerId());
        plivoRequestUuid = f.of(plivoRequestUuid, e.getPlivoRequestUuid());
        plivoCallUuid = f.of(plivoCallUuid, e.getPlivoCallUuid());
        hangupCause = f.of(hangupCause, e.getHangupCause());
        hangupCauseCode = f.of(hangupCauseCode, e.getHangupCauseCode());
        durationSeconds = f.of(durationSeconds, e.getDurationSeconds());
        billDurationSeconds = f.of(billDurationSeconds, e.getBillDurationSeconds());
        machineDetected = f.of(machineDetected, e.getMachineDetected());
        ringTimeoutSeconds = f.of(ringTimeoutSeconds, e.getRingTimeoutSeconds());
        timeLimitSeconds = f.of(timeLimitSeconds, e.getTimeLimitSeconds());
        reason = f.of(reason, e.getReason());
        switch (e.getStatus()) {
            case RESERVED -> reservedAt = f.of(reservedAt, at);
            case DIALING, QUEUED -> dialedAt = f.of(dialedAt, at);
            case RINGING -> ringingAt = f.of(ringingAt, at);
            case IN_PROGRESS -> answeredAt = f.of(answeredAt, at);
            default -> {
                // endedAt belongs to the first final state, set when it applied
            }
        }
        if (e.getSource() != EventSource.REAPER && (firstSeenAt == null || at < firstSeenAt)) {
            firstSeenAt = at; // the earliest sign of the call bounds its life, and so the reaper's deadline
            f.changed = true;
        }
        if (campaignId == null || contactId == null || attemptNumber == null) {
            AttemptId.parse(attemptId, campaignId).ifPresent(id -> {
                campaignId = f.of(campaignId, id.campaignId());
                contactId = f.of(contactId, id.contactId());
                attemptNumber = f.of(attemptNumber, id.attemptNumber());
            });
        }
        return f.changed;
    }

    boolean isFinal() {
        return CallStateMachine.isFinal(state);
    }

    /** Redis keys need the client and the campaign. */
    boolean projectable() {
        return clientId != null && campaignId != null;
    }

    /** An outcome must name campaign, client, contact and an attempt number of at least 1. */
    boolean attributable() {
        return projectable() && contactId != null && attemptNumber != null && attemptNumber >= 1;
    }

    /**
     * When the call must have ended at the latest: its first sign + ring timeout + time limit
     * (Plivo hangs up then) + grace; the executor's slot lease is the same sum.
     */
    long leaseDeadline(StatusConfig config) {
        long start = firstSeenAt != null ? firstSeenAt : changedAt != null ? changedAt : 0L;
        long ring = ringTimeoutSeconds != null ? ringTimeoutSeconds * 1000L : config.defaultRingTimeout().toMillis();
        long limit = timeLimitSeconds != null ? timeLimitSeconds * 1000L : config.defaultTimeLimit().toMillis();
        return start + ring + limit + config.reaperGrace().toMillis();
    }

    /**
     * When this live call, without news, is overdue for a look at Plivo (epoch ms; MAX_VALUE when not
     * live): not answered by ring timeout + RECONCILE_RING_MARGIN_MS from its ring (else its dial), or
     * answered with no event for RECONCILE_QUIET_MS; after a look, not before the same wait again.
     */
    long overdueAt(StatusConfig config) {
        if (state == null || isFinal() || state == CallStatus.RESERVED) {
            return Long.MAX_VALUE;
        }
        StatusConfig.Reconcile r = config.reconcile();
        long due;
        long again;
        if (state == CallStatus.IN_PROGRESS) {
            long last = Math.max(answeredAt == null ? 0L : answeredAt, changedAt == null ? 0L : changedAt);
            due = last + r.quiet().toMillis();
            again = r.quiet().toMillis();
        } else {
            Long start = ringingAt != null ? ringingAt : dialedAt != null ? dialedAt : firstSeenAt != null ? firstSeenAt : changedAt;
            long ring = ringTimeoutSeconds != null ? ringTimeoutSeconds * 1000L : config.defaultRingTimeout().toMillis();
            due = (start == null ? 0L : start) + ring + r.ringMargin().toMillis();
            again = Math.max(1_000L, r.ringMargin().toMillis());
        }
        return reconcileAskedAt == null ? due : Math.max(due, reconcileAskedAt + again);
    }

    /** What a lookup needs. */
    OverdueCall overdueCall(StatusConfig config) {
        long dialed = dialedAt != null ? dialedAt : firstSeenAt != null ? firstSeenAt : changedAt != null ? changedAt : 0L;
        // the latency counts from the first time it was overdue, not from the latest look
        long since = firstOverdueAt != null ? firstOverdueAt : overdueAt(config);
        return new OverdueCall(attemptId, campaignId, clientId, contactId, phoneNumber, attemptNumber, String.valueOf(state),
                plivoRequestUuid, plivoCallUuid, dialed, ringTimeoutSeconds, timeLimitSeconds, since);
    }

    void reconcileAsked(long at, long overdueSince) {
        if (firstOverdueAt == null) {
            firstOverdueAt = overdueSince;
        }
        reconcileAskedAt = at;
    }

    /** The attempt as a Redis hash: CallRecord field names, times in epoch millis; state and version are the script's. */
    Map<String, String> hashFields() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("attemptId", attemptId);
        put(h, "campaignId", campaignId);
        put(h, "clientId", clientId);
        put(h, "contactId", contactId);
        put(h, "phoneNumber", phoneNumber);
        put(h, "attemptNumber", attemptNumber);
        put(h, "callerId", callerId);
        put(h, "plivoRequestUuid", plivoRequestUuid);
        put(h, "plivoCallUuid", plivoCallUuid);
        put(h, "hangupCause", hangupCause);
        put(h, "hangupCauseCode", hangupCauseCode);
        put(h, "machineDetected", machineDetected);
        put(h, "reservedAt", reservedAt);
        put(h, "dialedAt", dialedAt);
        put(h, "ringingAt", ringingAt);
        put(h, "answeredAt", answeredAt);
        put(h, "endedAt", endedAt);
        put(h, "durationSeconds", durationSeconds);
        put(h, "billDurationSeconds", billDurationSeconds);
        put(h, "reason", reason);
        if (isFinal()) {
            h.put("disposition", disposition().name());
            h.put("finalStatus", state.name());
        }
        return h;
    }

    AttemptProjection.Change change(long leaseUntilMillis) {
        return new AttemptProjection.Change(clientId, campaignId, attemptId, version, state.name(),
                changedAt == null ? 0L : changedAt, isFinal() ? 0L : leaseUntilMillis, hashFields());
    }

    CallOutcome outcome() {
        return CallOutcome.newBuilder()
                .setAttemptId(attemptId)
                .setCampaignId(campaignId)
                .setClientId(clientId)
                .setContactId(contactId)
                .setPhoneNumber(phoneNumber == null ? "" : phoneNumber)
                .setAttemptNumber(attemptNumber)
                .setDisposition(disposition())
                .setFinalStatus(state)
                .setReason(reason != null ? reason : hangupCause)
                .setDurationSeconds(durationSeconds)
                .setDecidedAt(Instant.ofEpochMilli(endedAt))
                .build();
    }

    CallRecord record() {
        return CallRecord.newBuilder()
                .setAttemptId(attemptId)
                .setCampaignId(campaignId)
                .setClientId(clientId)
                .setContactId(contactId)
                .setPhoneNumber(phoneNumber == null ? "" : phoneNumber)
                .setAttemptNumber(attemptNumber)
                .setCallerId(callerId)
                .setDisposition(disposition())
                .setFinalStatus(state)
                .setPlivoRequestUuid(plivoRequestUuid)
                .setPlivoCallUuid(plivoCallUuid)
                .setHangupCause(hangupCause)
                .setHangupCauseCode(hangupCauseCode)
                .setMachineDetected(machineDetected)
                .setReservedAt(instant(reservedAt))
                .setDialedAt(instant(dialedAt))
                .setRingingAt(instant(ringingAt))
                .setAnsweredAt(instant(answeredAt))
                .setEndedAt(Instant.ofEpochMilli(endedAt))
                .setDurationSeconds(durationSeconds)
                .setBillDurationSeconds(billDurationSeconds)
                .setReason(reason)
                .build();
    }

    /** The reaper's verdict on a call nobody reported the end of. */
    CallEvent timeoutEvent(long now, long deadline) {
        return CallEvent.newBuilder()
                .setEventId(attemptId + ":reaper:TIMEOUT")
                .setAttemptId(attemptId)
                .setCampaignId(campaignId)
                .setClientId(clientId)
                .setContactId(contactId)
                .setPhoneNumber(phoneNumber)
                .setAttemptNumber(attemptNumber)
                .setStatus(CallStatus.TIMEOUT)
                .setSource(EventSource.REAPER)
                .setOccurredAt(Instant.ofEpochMilli(now))
                .setPlivoRequestUuid(plivoRequestUuid)
                .setPlivoCallUuid(plivoCallUuid)
                .setRingTimeoutSeconds(ringTimeoutSeconds)
                .setTimeLimitSeconds(timeLimitSeconds)
                .setReason("no final event by the lease deadline " + Instant.ofEpochMilli(deadline) + " (last state "
                        + state + ")")
                .build();
    }

    private Disposition disposition() {
        return CallStateMachine.dispositionOf(state).orElseThrow();
    }

    String attemptId() {
        return attemptId;
    }

    String clientId() {
        return clientId;
    }

    String campaignId() {
        return campaignId;
    }

    String phoneNumber() {
        return phoneNumber;
    }

    CallStatus state() {
        return state;
    }

    long version() {
        return version;
    }

    long projectedVersion() {
        return projectedVersion;
    }

    void projected() {
        projectedVersion = version;
    }

    long dueAt() {
        return dueAt;
    }

    void dueAt(long millis) {
        dueAt = millis;
    }

    Long holdUntil() {
        return holdUntil;
    }

    void holdUntil(long millis) {
        holdUntil = millis;
    }

    boolean emitted() {
        return emitted;
    }

    void markEmitted() {
        emitted = true;
    }

    private static <T> T orKeep(T incoming, T current) {
        return incoming != null ? incoming : current;
    }

    private static void put(Map<String, String> h, String field, Object value) {
        if (value != null) {
            h.put(field, value.toString());
        }
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** Fills a missing value and remembers whether anything was. */
    private static final class Fill {
        boolean changed;

        <T> T of(T current, T incoming) {
            if (current == null && incoming != null) {
                changed = true;
                return incoming;
            }
            return current;
        }
    }
}
