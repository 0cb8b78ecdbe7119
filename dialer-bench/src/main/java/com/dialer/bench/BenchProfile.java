package com.dialer.bench;

import java.time.Duration;

/**
 * How long and how much each scenario runs: {@link #quick()} fits every scenario in under five
 * minutes on two cores, {@link #full()} in under twenty.
 *
 * @param rateLimitRun      each rate limiter's run at the limit (over 60 s in the full run, so a sliding 60 s window means something)
 * @param ceilingRun        each rate limiter's run with the limit out of reach
 * @param acquirerWarmUp    acquirers warm up on a key of their own before each run
 * @param capRun            each slot design's run
 * @param capWarmUp         the bot's warm-up between taking a slot and dialing (the old system's 2–3 s)
 * @param callMin           shortest call
 * @param callMax           longest call
 * @param pipelineWarmUp    dials of the pipeline run before its steady window opens
 * @param pipelineContacts  dials in the pipeline run's steady window
 * @param webhookCallbacks  signed callbacks sent to the bridge, after a warm-up of a tenth as many
 * @param archiveRecords    call records through the archiver sink
 * @param readSamples       tiered reads per tier
 * @param pendingContacts   contacts the scheduler holds pending in the memory scenario
 * @param redisMemoryContacts contacts through the pipeline in the Redis memory scenario
 * @param redisCurveRun     how long the Redis memory curve runs at its constant call rate
 */
public record BenchProfile(String name, Duration rateLimitRun, Duration ceilingRun, Duration acquirerWarmUp, Duration capRun,
                           Duration capWarmUp, Duration callMin, Duration callMax, int pipelineWarmUp, int pipelineContacts, int webhookCallbacks,
                           int archiveRecords, int readSamples, int pendingContacts,
                           int redisMemoryContacts, Duration redisCurveRun) {

    public static BenchProfile quick() {
        return new BenchProfile("quick", Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofMillis(500),
                Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(250), Duration.ofSeconds(1), 1_000, 5_000, 3_000,
                10_000, 2_000, 100_000, 1_200, Duration.ofMinutes(3));
    }

    public static BenchProfile full() {
        return new BenchProfile("full", Duration.ofSeconds(62), Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4), 3_000, 20_000, 10_000,
                100_000, 5_000, 1_000_000, 6_000, Duration.ofMinutes(7));
    }
}
