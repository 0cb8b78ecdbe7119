package com.dialer.chaos;

import java.util.List;

import com.dialer.launcher.demo.DemoReport;

/**
 * What one scenario proved: the demo's report of the promises (from the witness, Kafka, MongoDB and
 * Redis) and the suite's own checks on top of it.
 *
 * @param scenario          the scenario's id
 * @param fault             the fault's name
 * @param rounds            how many times it struck
 * @param report            the promises, as the demo checks them
 * @param dialedNotArchived attempts Plivo saw that have no document in MongoDB
 * @param deadLetters       records in any DLQ (a good record dead-lettered is a lost record)
 * @param expiredLeases     slot leases that ran out without a release (not held; a crashed dial's)
 * @param notes             what the services' logs and states say (threads replaced, processes down)
 * @param broken            every broken promise: the report's and the suite's
 * @param settled           what Plivo left open and how fast it was settled (unknown dials, overdue calls)
 */
public record ScenarioResult(String scenario, String fault, int rounds, DemoReport report, long dialedNotArchived,
                             long deadLetters, long expiredLeases, List<String> notes, List<String> broken,
                             SettleFigures settled) {

    public ScenarioResult {
        notes = List.copyOf(notes);
        broken = List.copyOf(broken);
    }

    public boolean held() {
        return broken.isEmpty();
    }
}
