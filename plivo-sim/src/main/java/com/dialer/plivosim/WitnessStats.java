package com.dialer.plivosim;

import java.util.Map;

/**
 * What the witness saw, as served by {@code GET /sim/stats}.
 *
 * @param dials                      Make-a-Call requests accepted (queued ones included)
 * @param queuedOverCps              accepted over the CPS and queued ("call queued")
 * @param rejectedOverCps            refused over the CPS (reject mode, code 5030)
 * @param serverErrors               5xx answers to Make-a-Call given by fault switches, both kinds
 * @param serverErrorsNotPlaced      5xx answers that placed no call
 * @param serverErrorsAfterPlacing   5xx answers given after the call was placed (the call is real)
 * @param cancelledQueued            queued calls cancelled before placement
 * @param liveCalls                  calls placed and not hung up yet
 * @param endedCalls                 calls hung up
 * @param callsByOutcome             final CallStatus of ended calls (completed, busy, no-answer, ...)
 * @param maxSimultaneous            most calls live at once, overall
 * @param maxSimultaneousByCallerId  most calls live at once per caller id (from)
 * @param maxSimultaneousByClient    most calls live at once per client tag (the callback URLs' {@code client})
 * @param maxSimultaneousByCampaign  most calls live at once per campaign tag (the callback URLs' {@code campaign})
 * @param maxDialsIn1s               most accepted dials in any sliding 1 s window
 * @param maxDialsIn60s              most accepted dials in any sliding 60 s window
 * @param numbersDialedWhileLive     numbers dialed again while a call to them was queued or live, with counts
 * @param attemptsDialedMoreThanOnce attempt ids (the callback URLs' {@code attemptId}) dialed more than once
 * @param lostHangupCallbacks        calls whose hangup callback was lost on purpose (their record exists)
 * @param lateCallbacks              callbacks sent late on purpose
 * @param recordLookups              call record requests served (list or one, {@code GET …/Call/} without status)
 * @param liveLookups                live call requests served ({@code ?status=live}, list or one)
 * @param queuedLookups              queued call requests served ({@code ?status=queued}, list or one)
 * @param lookupServerErrors         5xx answers to lookups given by fault switches
 * @param dialsByCallerId            accepted dials per caller number ({@code from}): a caller-ID pool's spread and caps
 * @param dialsByAccount             accepted dials per account (auth id)
 * @param maxDialsIn1sByAccount      most accepted dials of one account in any sliding 1 s window, per account: its CPS
 *                                   as Plivo counts it
 * @param queuedOverCpsByAccount     dials of each account accepted over its CPS and queued
 */
public record WitnessStats(long dials, long queuedOverCps, long rejectedOverCps, long serverErrors,
                           long serverErrorsNotPlaced, long serverErrorsAfterPlacing, long cancelledQueued,
                           long liveCalls, long endedCalls, Map<String, Long> callsByOutcome, int maxSimultaneous,
                           Map<String, Integer> maxSimultaneousByCallerId, Map<String, Integer> maxSimultaneousByClient,
                           Map<String, Integer> maxSimultaneousByCampaign,
                           int maxDialsIn1s, int maxDialsIn60s, Map<String, Integer> numbersDialedWhileLive,
                           Map<String, Integer> attemptsDialedMoreThanOnce, long lostHangupCallbacks, long lateCallbacks,
                           long recordLookups, long liveLookups, long queuedLookups, long lookupServerErrors,
                           Map<String, Long> dialsByCallerId, Map<String, Long> dialsByAccount, Map<String, Integer> maxDialsIn1sByAccount,
                           Map<String, Long> queuedOverCpsByAccount) {
}
