package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The default build's slice of the reliability suite: a small campaign on the stack with every
 * service as its own process, the webhook bridge killed with {@code kill -9} mid-campaign while
 * Plivo answers 5xx after placing some calls, duplicates, reorders and drops callbacks. Every
 * promise holds at the end. The full suite is {@code ChaosSuiteIT} ({@code ./mvnw -Pchaos verify}).
 */
class ChaosSmokeIT {

    @Test
    void aKilledWebhookBridgeAndAMisbehavingPlivoBreakNoPromise() throws Exception {
        ScenarioResult result = ScenarioRun.run(Scenarios.smoke(20_260_101L), Path.of("target", "chaos"));
        System.out.println(ResultTable.markdown(List.of(result)));
        result.notes().forEach(n -> System.out.println("  note: " + n));

        assertThat(result.broken()).isEmpty();
        assertThat(result.report().dials()).isGreaterThan(250);
        assertThat(result.report().contactsWithoutDisposition()).isZero();
    }
}
