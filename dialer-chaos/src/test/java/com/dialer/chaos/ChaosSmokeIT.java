package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The default build's slice of the reliability suite: a small campaign on the stack with every
 * service as its own process, the webhook bridge killed with {@code kill -9} mid-campaign while
 * Plivo answers 5xx (some after placing the call) and duplicates and reorders callbacks. Every
 * promise holds at the end; then forged, replayed and malformed webhooks are refused and store
 * nothing, and no secret is in any service's log. The full suite is {@code ChaosSuiteIT}
 * ({@code ./mvnw -Pchaos verify}).
 */
class ChaosSmokeIT {

    @Test
    void aKilledWebhookBridgeAndAMisbehavingPlivoBreakNoPromiseAndNoForgedWebhookGetsIn() throws Exception {
        Scenario smoke = Scenarios.smoke(20_260_101L);
        try (ProcessStack stack = ProcessStack.start(smoke.stack(), smoke.processes(), Path.of("target", "chaos", smoke.id()))) {
            ScenarioResult result = ScenarioRun.runOn(stack, smoke);
            System.out.println(ResultTable.markdown(List.of(result)));
            result.notes().forEach(n -> System.out.println("  note: " + n));

            assertThat(result.broken()).isEmpty();
            assertThat(result.report().dials()).isGreaterThan(150);
            assertThat(result.report().contactsWithoutDisposition()).isZero();

            List<SecurityProbes.Probe> probes = SecurityProbes.webhooks(stack);
            probes.forEach(p -> System.out.println("  webhook probe " + p));
            assertThat(probes).allSatisfy(p -> assertThat(p.ok()).as(p.toString()).isTrue());
            assertThat(SecurityProbes.storedProbeEvents(stack)).isEmpty();
            assertThat(SecretScan.findings(SecretScan.logsUnder(stack.workDir()), SecretScan.secretsOf(stack))).isEmpty();
            // the services log by their own configuration: a line about a call names it
            for (Service service : List.of(Service.EXECUTOR, Service.STATUS_PROCESSOR)) {
                assertThat(Files.readAllLines(stack.service(service).log()))
                        .as(service.id() + " INFO lines with the call's ids")
                        .anyMatch(line -> line.contains(" INFO ") && line.contains("attemptId=") && line.contains("campaignId=")
                                && line.contains("clientId="));
            }
        }
    }

    @Test
    void aPlivoThatAnswers5xxAndLosesHangupsThroughoutStallsNothingAndBreaksNoPromise() throws Exception {
        Scenario unreliable = Scenarios.unreliableSmoke(20_260_102L);
        try (ProcessStack stack = ProcessStack.start(unreliable.stack(), unreliable.processes(),
                Path.of("target", "chaos", unreliable.id()))) {
            ScenarioResult result = ScenarioRun.runOn(stack, unreliable);
            System.out.println(ResultTable.markdown(List.of(result)));
            result.notes().forEach(n -> System.out.println("  note: " + n));
            var witness = stack.simulator().stats();

            assertThat(result.broken()).isEmpty();
            assertThat(result.report().contactsWithoutDisposition()).isZero();
            // the faults really struck, and what they left open was settled by asking Plivo, not by lease ends
            assertThat(witness.serverErrorsAfterPlacing()).isPositive();
            assertThat(witness.serverErrorsNotPlaced()).isPositive();
            assertThat(witness.lostHangupCallbacks()).isPositive();
            assertThat(result.settled().count("unknown placed")).isPositive();
            assertThat(result.settled().count("unknown not-placed")).isPositive();
            assertThat(result.settled().count("overdue from-record")).isPositive();
            result.report().campaigns().forEach(c -> assertThat(c.cap() == null || c.maxSimultaneous() <= c.cap())
                    .as("campaign %s: %s live, cap %s", c.campaign(), c.maxSimultaneous(), c.cap()).isTrue());
        }
    }
}
