package com.dialer.plivosim;

import java.util.Map;

/**
 * What the witness saw, as served by {@code GET /sim/stats}.
 *
 * @param dials                      Make-a-Call requests accepted (queued ones included)
 * @param queuedOverCps              accepted over the CPS and queued ("call queued")
 * @param rejectedOverCps            refused over the CPS (reject mode, code 5030)
 * @param serverErrors               5xx answers given by fault switches
 * @param cancelledQueued            queued calls cancelled before placement
 * @param liveCalls                  calls placed and not hung up yet
 * @param endedCalls                 calls hung up
 * @param callsByOutcome             final CallStatus of ended calls (completed, busy, no-answer, ...)
 * @param maxSimultaneous            most calls live at once, overall
 * @param maxSimultaneousByCallerId  most calls live at once per caller id (from)
 * @param maxSimultaneousByClient    most calls live at once per client tag (the callback URLs' {@code client})
 * @param maxDialsIn1s               most accepted dials in any sliding 1 s window
 * @param maxDialsIn60s              most accepted dials in any sliding 60 s window
 * @param numbersDialedWhileLive     numbers dialed again while a call to them was queued or live, with counts
 * @param attemptsDialedMoreThanOnce attempt ids (the callback URLs' {@code attemptId}) dialed more than once
 */
public record WitnessStats(long dials, long queuedOverCps, long rejectedOverCps, long serverErrors, long cancelledQueued,
                           long liveCalls, long endedCalls, Map<String, Long> callsByOutcome, int maxSimultaneous,
                           Map<String, Integer> maxSimultaneousByCallerId, Map<String, Integer> maxSimultaneousByClient,
                           int maxDialsIn1s, int maxDialsIn60s, Map<String, Integer> numbersDialedWhileLive,
                           Map<String, Integer> attemptsDialedMoreThanOnce) {
}
