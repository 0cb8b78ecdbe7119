package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * After a campaign: forged, unsigned, tampered, replayed and malformed webhooks are refused with
 * their reason and store nothing; a finished call's callbacks change nothing at any age, after the
 * nonce window too, and a callback seen by one bridge is refused by a second; campaigns whose warm-up
 * or bot URL points inside, or whose id would alias another client's keys, are dead-lettered;
 * premium-rate and shared-cost numbers end INVALID; the query API refuses missing, unknown and hashed
 * tokens and ids that could alias keys, and shows no client another's campaigns, calls or listings; no
 * secret is in any service's log file.
 */
@Tag("chaos")
class SecurityIT {

    @Test
    void noForgedWebhookGetsInNoClientSeesAnothersDataAndNoSecretIsLogged() throws Exception {
        long seed = Long.getLong("chaos.seed", 20_260_101L);
        CampaignMix mix = Scenarios.campaigns("security", 150);
        Set<Service> processes = EnumSet.of(Service.SCHEDULER, Service.EXECUTOR, Service.STATUS_PROCESSOR, Service.WEBHOOK_BRIDGE,
                Service.QUERY_API);
        Scenario scenario = new Scenario("security", processes, new Fault.None(), Scenarios.stack(seed, 100), mix, seed,
                Duration.ofMinutes(3));
        try (ProcessStack stack = ProcessStack.start(scenario.stack(), processes, Path.of("target", "chaos", scenario.id()))) {
            ScenarioResult result = ScenarioRun.runOn(stack, scenario);
            assertThat(result.broken()).isEmpty();

            List<SecurityProbes.Probe> probes = new java.util.ArrayList<>(SecurityProbes.webhooks(stack));
            Map<String, String> tokenOf = new HashMap<>();
            stack.settings().apiTokens().forEach((token, client) -> tokenOf.put(client, token));
            String campaign = mix.plans().get(0).campaignId();
            probes.addAll(SecurityProbes.queryApi(stack, tokenOf, "client-1", "client-2", campaign, campaign + ":contact-0:1"));
            probes.addAll(SecurityProbes.replays(stack, "client-1", campaign + ":contact-0:1"));
            probes.addAll(SecurityProbes.intake(stack, "client-1"));
            probes.forEach(p -> System.out.println("  probe " + p));

            assertThat(probes).allSatisfy(p -> assertThat(p.ok()).as(p.toString()).isTrue());
            assertThat(SecurityProbes.storedProbeEvents(stack)).as("events stored by refused callbacks").isEmpty();
            assertThat(SecretScan.findings(SecretScan.logsUnder(stack.workDir()), SecretScan.secretsOf(stack)))
                    .as("secrets in the services' logs").isEmpty();
        }
    }
}
