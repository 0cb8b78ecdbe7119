package com.dialer.bridge;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.EventSource;
import com.dialer.schemas.IdRule;

/**
 * One callback Plivo made for an attempt, read and checked: the attempt, client and campaign from
 * the URL the executor placed the call with, Plivo's parameters from the form (POST) or the query
 * (GET).
 *
 * @param kind       which callback URL was called
 * @param attemptId  the URL's {@code attemptId}
 * @param clientId   the URL's {@code client}
 * @param campaignId the URL's {@code campaign}, null on URLs made before it was added
 * @param status     Plivo's {@code CallStatus} read as a call state
 * @param machine    {@code Machine=true|false} when Plivo sent it, else null
 * @param params     every parameter Plivo sent
 */
public record PlivoCallback(CallbackKind kind, String attemptId, String clientId, String campaignId, CallStatus status,
                            Boolean machine, Map<String, String> params) {

    /**
     * @param url    the parameters of the callback URL's query
     * @param params Plivo's parameters (for a GET, the same query)
     * @throws MalformedCallback with the reason, answered 400
     */
    static PlivoCallback read(CallbackKind kind, Map<String, String> url, Map<String, String> params) throws MalformedCallback {
        String attemptId = required(url, "attemptId", "the callback URL");
        String clientId = required(url, "client", "the callback URL");
        String campaignId = blankToNull(url.get("campaign"));
        // our own URLs carry valid ids; anything else was not made by the executor and would name other keys
        if (!IdRule.validAttempt(attemptId) || !IdRule.valid(clientId) || (campaignId != null && !IdRule.valid(campaignId))) {
            throw new MalformedCallback("attemptId, client and campaign must be ids of " + IdRule.DESCRIPTION);
        }
        if (blankToNull(params.get("CallUUID")) == null && blankToNull(params.get("RequestUUID")) == null) {
            throw new MalformedCallback("neither CallUUID nor RequestUUID given");
        }
        // Plivo's UUIDs name the answered-call key of the callback guard
        if (!IdRule.valid(callUuid(params))) {
            throw new MalformedCallback("CallUUID (else RequestUUID) must be a UUID");
        }
        String callStatus = required(params, "CallStatus", "the callback");
        CallStatus status = PlivoCallStatus.of(callStatus)
                .orElseThrow(() -> new MalformedCallback("unknown CallStatus '" + callStatus + "'"));
        Boolean machine = bool(params, "Machine");
        if (kind == CallbackKind.HANGUP && (status == CallStatus.RINGING || status == CallStatus.IN_PROGRESS)) {
            throw new MalformedCallback("a hangup callback with the live CallStatus '" + callStatus + "'");
        }
        if (kind == CallbackKind.MACHINE && machine == null) {
            throw new MalformedCallback("a machine detection callback without Machine=true|false");
        }
        integer(params, "HangupCauseCode");
        integer(params, "Duration");
        integer(params, "BillDuration");
        return new PlivoCallback(kind, attemptId, clientId, campaignId, status, machine, Map.copyOf(params));
    }

    /** Machine detection said a machine answered: on the machine URL, or on the answer URL when detection is synchronous. */
    /**
     * The campaign the attempt id names ({@code <campaignId>:<contactId>:<n>}, the scheduler's rule; ids hold no ':'),
     * whatever the URL's {@code campaign} says; null for an id without one.
     */
    public String attemptCampaign() {
        int colon = attemptId.indexOf(':');
        return colon > 0 ? attemptId.substring(0, colon) : null;
    }

    public boolean machineAnswered() {
        return (kind == CallbackKind.MACHINE || kind == CallbackKind.ANSWER)
                && PlivoCallStatus.ofMachineDetection(params.get("Machine")).isPresent();
    }

    /**
     * The call event this callback means, or empty when it changes nothing (machine detection
     * saying a human answered: the answer callback already moved the call to IN_PROGRESS).
     * A machine is reported as a live call with {@code machineDetected}: the call, and the slot it
     * holds, last until Plivo's hangup callback, whose final state the status-processor then
     * records as MACHINE. Ending the attempt here would free the slot while the call still runs.
     */
    public Optional<CallEvent> toEvent(Instant receivedAt) {
        CallStatus eventStatus;
        if (machineAnswered()) {
            eventStatus = CallStatus.IN_PROGRESS;
        } else {
            eventStatus = switch (kind) {
                case RING -> CallStatus.RINGING;
                case ANSWER -> CallStatus.IN_PROGRESS;
                case HANGUP -> status;
                case MACHINE -> null;
            };
        }
        if (eventStatus == null) {
            return Optional.empty();
        }
        Integer code = intOrNull("HangupCauseCode");
        return Optional.of(CallEvent.newBuilder()
                .setEventId(eventId())
                .setAttemptId(attemptId)
                .setCampaignId(campaignId)
                .setClientId(clientId)
                .setPhoneNumber(blankToNull(params.get("To")))
                .setStatus(eventStatus)
                .setSource(EventSource.WEBHOOK)
                .setOccurredAt(receivedAt)
                .setPlivoRequestUuid(blankToNull(params.get("RequestUUID")))
                .setPlivoCallUuid(blankToNull(params.get("CallUUID")))
                .setHangupCause(kind == CallbackKind.HANGUP ? blankToNull(params.get("HangupCause")) : null)
                .setHangupCauseCode(kind == CallbackKind.HANGUP ? code : null)
                .setDurationSeconds(intOrNull("Duration"))
                .setBillDurationSeconds(intOrNull("BillDuration"))
                .setMachineDetected(machine)
                .build());
    }

    /**
     * Deterministic, so that Plivo's retries (and duplicates) of one callback carry one event id
     * downstream: the call, Plivo's event name (the callback kind when Plivo sends none) and status.
     */
    public String eventId() {
        String call = callUuid();
        String event = blankToNull(params.get("Event")) != null ? params.get("Event") : kind.path();
        String name = call + "|" + event + "|" + params.get("CallStatus").trim().toLowerCase(java.util.Locale.ROOT)
                + "|" + Boolean.TRUE.equals(machine);
        return attemptId + ":webhook:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Plivo's call UUID, else its request UUID (a callback before the call exists): what identifies the call. */
    public String callUuid() {
        return callUuid(params);
    }

    private static String callUuid(Map<String, String> params) {
        return blankToNull(params.get("CallUUID")) != null ? params.get("CallUUID").trim() : params.get("RequestUUID").trim();
    }

    private Integer intOrNull(String name) {
        String v = blankToNull(params.get(name));
        return v == null ? null : Integer.valueOf(v.trim());
    }

    private static String required(Map<String, String> from, String name, String where) throws MalformedCallback {
        String v = blankToNull(from.get(name));
        if (v == null) {
            throw new MalformedCallback(name + " missing from " + where);
        }
        return v;
    }

    private static void integer(Map<String, String> params, String name) throws MalformedCallback {
        String v = blankToNull(params.get(name));
        if (v != null) {
            try {
                Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new MalformedCallback(name + " is not a whole number: '" + v + "'");
            }
        }
    }

    private static Boolean bool(Map<String, String> params, String name) throws MalformedCallback {
        String v = blankToNull(params.get(name));
        if (v == null) {
            return null;
        }
        if (!v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false")) {
            throw new MalformedCallback(name + " must be true or false, was '" + v + "'");
        }
        return Boolean.valueOf(v.trim());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
