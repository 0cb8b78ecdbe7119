package com.dialer.plivosim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import com.dialer.plivosim.OutcomeModel.Outcome;

/**
 * Plays one placed call out, on its own virtual thread: ringing, then answer (fetching the answer
 * XML), machine detection, talk and hangup; or busy, no-answer, ring timeout, failure. Honours
 * {@code ring_timeout} and {@code time_limit}. Every step calls back the URLs the call was made with.
 */
final class CallPlayer {
    private static final DateTimeFormatter PLIVO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SimConfig config;
    private final Faults faults;
    private final Witness witness;
    private final CallbackSender callbacks;
    private final CallRecords records;
    private final ExecutorService lateSenders;

    CallPlayer(SimConfig config, Faults faults, Witness witness, CallbackSender callbacks, CallRecords records,
               ExecutorService lateSenders) {
        this.config = config;
        this.faults = faults;
        this.witness = witness;
        this.callbacks = callbacks;
        this.records = records;
        this.lateSenders = lateSenders;
    }

    /** Plays the call; returns the final CallStatus. */
    String play(SimulatedCall call, Random random) {
        call.phase = SimulatedCall.Phase.RINGING;
        call.startTime = Instant.now();
        witness.placed(call.requestUuid, call.from, call.client, call.campaign, System.nanoTime());
        List<Runnable> late = new ArrayList<>();
        boolean reorder = faults.reorderCallbacks(random);

        Runnable ring = () -> callback(call, call.ringUrl, call.ringMethod, call.baseParams("ringing", "Ring"), random);
        if (reorder) {
            late.add(ring);
        } else {
            ring.run();
        }

        Outcome outcome = config.outcomes().draw(random);
        double ringSeconds = config.outcomes().ringSeconds(random);
        Hangup hangup;
        try {
            hangup = switch (outcome) {
                case BUSY -> {
                    sleep(Math.min(ringSeconds, 3));
                    yield new Hangup("busy", "USER_BUSY", "Busy Line", 3010, "Callee", 0);
                }
                case FAILED -> {
                    sleep(0.5);
                    yield new Hangup("failed", "NETWORK_OUT_OF_ORDER", "Network Error", 2030, "Plivo", 0);
                }
                case NO_ANSWER -> {
                    if (ringSeconds >= call.ringTimeoutSeconds) {
                        sleep(call.ringTimeoutSeconds);
                        yield new Hangup("timeout", "NO_ANSWER", "Ring Timeout Reached", 3020, "Plivo", 0);
                    }
                    sleep(ringSeconds);
                    yield new Hangup("no-answer", "NO_USER_RESPONSE", "No Answer", 3000, "Callee", 0);
                }
                case ANSWER, MACHINE -> answered(call, outcome == Outcome.MACHINE, ringSeconds, random);
            };
        } catch (InterruptedException cancelled) {
            // DELETE …/Request/{uuid}/ or shutdown
            boolean answered = call.answerTime != null;
            hangup = new Hangup(answered ? "completed" : "cancel", "ORIGINATOR_CANCEL", "Cancelled", 1000, "API",
                    answered ? secondsSince(call.answerTime) : 0);
        }

        Instant end = Instant.now();
        call.phase = SimulatedCall.Phase.ENDED;
        witness.ended(call.requestUuid, call.to, hangup.status(), System.nanoTime());
        // the record exists from the hangup on, whatever becomes of the hangup callback
        records.add(new CallRecord(call.callUuid, call.requestUuid, call.from, call.to, hangup.status(), hangup.causeName(),
                hangup.causeCode(), hangup.source(), hangup.durationSeconds(), call.startTime, call.answerTime, end,
                call.account.authId()));
        Map<String, String> params = call.baseParams(hangup.status(), "Hangup");
        params.put("HangupCause", hangup.cause());
        params.put("HangupCauseName", hangup.causeName());
        params.put("HangupCauseCode", Integer.toString(hangup.causeCode()));
        params.put("HangupSource", hangup.source());
        params.put("Duration", Long.toString(hangup.durationSeconds()));
        params.put("BillDuration", Long.toString(billed(hangup.durationSeconds())));
        params.put("StartTime", PLIVO_TIME.format(call.startTime));
        params.put("AnswerTime", call.answerTime == null ? "" : PLIVO_TIME.format(call.answerTime));
        params.put("EndTime", PLIVO_TIME.format(end));
        if (call.hangupUrl != null && faults.loseHangupCallback(random)) {
            witness.hangupCallbackLost();
        } else {
            callback(call, call.hangupUrl, call.hangupMethod, params, random);
        }
        late.forEach(Runnable::run);
        return hangup.status();
    }

    private Hangup answered(SimulatedCall call, boolean machine, double ringSeconds, Random random) throws InterruptedException {
        if (ringSeconds >= call.ringTimeoutSeconds) {
            sleep(call.ringTimeoutSeconds);
            return new Hangup("timeout", "NO_ANSWER", "Ring Timeout Reached", 3020, "Plivo", 0);
        }
        sleep(ringSeconds);
        call.phase = SimulatedCall.Phase.IN_PROGRESS;
        call.answerTime = Instant.now();
        // the answer URL is fetched once, not duplicated or dropped: Plivo needs its XML
        String xml = callbacks.send(call.account.authToken(), call.answerUrl, call.answerMethod, call.baseParams("in-progress", "StartApp"));
        if (xml == null || !xml.contains("<Response")) {
            return new Hangup("completed", "ANSWER_URL_FAILED", "Error Reaching Answer URL", 7011, "Plivo", 0);
        }
        double talk = config.outcomes().talkSeconds(random);
        if (machine && call.machineDetection != null && !"false".equalsIgnoreCase(call.machineDetection)) {
            double detection = Math.min(talk, 2.0);
            sleep(detection);
            Map<String, String> p = call.baseParams("in-progress", "MachineDetection");
            p.put("Machine", "true");
            callback(call, call.machineDetectionUrl != null ? call.machineDetectionUrl : call.answerUrl,
                    call.machineDetectionMethod, p, random);
            if ("hangup".equalsIgnoreCase(call.machineDetection)) {
                return new Hangup("completed", "MACHINE_DETECTED", "Machine Detected", 4000, "Plivo", secondsSince(call.answerTime));
            }
            talk -= detection;
        }
        if (xml.contains("<Hangup")) {
            return new Hangup("completed", "NORMAL_CLEARING", "End Of XML Instructions", 4010, "Plivo", secondsSince(call.answerTime));
        }
        if (talk >= call.timeLimitSeconds) {
            sleep(call.timeLimitSeconds);
            return new Hangup("completed", "ALLOTTED_TIMEOUT", "Time Limit Reached", 4020, "Plivo", call.timeLimitSeconds);
        }
        sleep(talk);
        return new Hangup("completed", "NORMAL_CLEARING", "Normal Hangup", 4000, "Callee", Math.round(talk));
    }

    private void callback(SimulatedCall call, String url, String method, Map<String, String> params, Random random) {
        if (url == null || faults.dropCallback(random)) {
            return;
        }
        boolean twice = faults.duplicateCallback(random);
        Duration late = faults.lateCallback(random);
        Runnable send = () -> {
            callbacks.send(call.account.authToken(), url, method, params);
            if (twice) {
                callbacks.send(call.account.authToken(), url, method, params);
            }
        };
        if (late.isZero()) {
            send.run();
            return;
        }
        // late on Plivo's side, not the call's: the call goes on while this one waits
        witness.callbackSentLate();
        try {
            lateSenders.submit(() -> {
                try {
                    Thread.sleep(late);
                } catch (InterruptedException e) {
                    return;
                }
                send.run();
            });
        } catch (RejectedExecutionException closing) {
            // the simulator is closing: nobody is left to call back
        }
    }

    private long secondsSince(Instant start) {
        // simulated seconds, as Plivo would bill them
        return Math.round(Duration.between(start, Instant.now()).toNanos() / 1e9 / config.timeScale());
    }

    private static long billed(long seconds) {
        return seconds == 0 ? 0 : ((seconds + 59) / 60) * 60;
    }

    private void sleep(double simulatedSeconds) throws InterruptedException {
        Thread.sleep(config.scaled(simulatedSeconds));
    }

    private record Hangup(String status, String cause, String causeName, int causeCode, String source, long durationSeconds) {
    }
}
