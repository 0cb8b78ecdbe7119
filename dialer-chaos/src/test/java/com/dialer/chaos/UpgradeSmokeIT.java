package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The default build's slice of the upgrade scenario: a 200-contact campaign on version N (this build), every
 * service replaced by version N+1 ({@link NextVersion}, built from the current sources with an added optional field
 * in DialRequest, CallEvent and CallRecord, a changed reserve-slot.lua and a new processor) one at a time, producers
 * first, while it runs. Every promise holds, no DLQ holds a record, and the archive holds the new field for the calls
 * placed after the deploy. Both orders at full size: {@code ./dialer chaos --only upgrade}.
 */
class UpgradeSmokeIT {

    @Test
    void aDeployOfTheNextVersionProducersFirstMidCampaignBreaksNoPromiseAndArchivesTheNewField() throws Exception {
        Scenario upgrade = Scenarios.upgradeSmoke(20_260_103L);
        try (ProcessStack stack = ProcessStack.start(upgrade.stack(), upgrade.processes(), Path.of("target", "chaos", upgrade.id()))) {
            ScenarioResult result = ScenarioRun.runOn(stack, upgrade);
            System.out.println(ResultTable.markdown(List.of(result)));
            result.notes().forEach(n -> System.out.println("  note: " + n));

            assertThat(result.broken()).isEmpty();
            assertThat(result.deadLetters()).isZero();
            assertThat(result.report().contactsWithoutDisposition()).isZero();
            // every service of the pipeline runs N+1 at the end: started once as N, once as N+1
            assertThat(stack.services()).allSatisfy(p -> assertThat(p.starts()).as(p.service().id()).isEqualTo(1));
            assertThat(stack.archive().getCollection("calls")
                    .countDocuments(com.mongodb.client.model.Filters.regex(NextVersion.FIELD, java.util.regex.Pattern.quote(NextVersion.SCHEDULER_MARK)))).isPositive();
        }
    }
}
