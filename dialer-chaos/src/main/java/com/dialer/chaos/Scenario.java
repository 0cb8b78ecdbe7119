package com.dialer.chaos;

import java.time.Duration;

/**
 * One run of the suite: a fresh stack, a campaign, a fault at random moments (from a fixed seed),
 * then every promise checked.
 *
 * @param id        a short name, also the directory of its logs
 * @param processes the services run as OS processes (the Connect worker runs in the suite's JVM unless named)
 * @param fault     what breaks
 * @param stack     how the stack runs
 * @param campaigns the campaign
 * @param seed      the seed of every random choice of the suite (moments, pauses) and of the simulator
 * @param timeout   how long the campaign may take before the run is declared stuck
 * @param topology  the shape of the stack: one broker, one Redis, one instance each, or production's ({@link Topology})
 */
public record Scenario(String id, java.util.Set<Service> processes, Fault fault, StackSettings stack, CampaignMix campaigns, long seed,
                       Duration timeout, Topology topology) {
    public Scenario {
        processes = java.util.Set.copyOf(processes);
    }

    /** On {@link Topology#SINGLE}. */
    public Scenario(String id, java.util.Set<Service> processes, Fault fault, StackSettings stack, CampaignMix campaigns, long seed,
                    Duration timeout) {
        this(id, processes, fault, stack, campaigns, seed, timeout, Topology.SINGLE);
    }
}
