package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * The default build's slice of the production-topology scenarios ({@code ./dialer chaos --topology cluster}): a
 * campaign on three SASL_SSL brokers and a Redis Cluster with two instances of every service, the broker leading most
 * {@code dial-requests} partitions killed with {@code kill -9} (and started again) and the rate limiter's Redis master
 * failed over, once each; every promise of the suite holds at the end.
 */
class ClusterChaosSmokeIT {
    /** The 500 contacts issue #17 asks of the default build's slice: about 150 s of campaign on two quiet cores. */
    static final int CONTACTS = Integer.getInteger("chaos.clusterSmokeContacts", 500);

    @Test
    void aKilledDialRequestsLeaderAndARedisFailoverBreakNoPromiseWithTwoInstancesOfEveryService() throws Exception {
        Scenario smoke = Scenarios.clusterSmoke(20_260_107L, CONTACTS);
        try (ProcessStack stack = ProcessStack.start(smoke.stack(), smoke.processes(), Path.of("target", "chaos", smoke.id()),
                smoke.topology())) {
            assertThat(stack.services()).hasSize(8);
            try (Admin admin = stack.kafkaAdmin()) {
                String dialRequests = stack.topics().dialRequests().name();
                assertThat(admin.describeTopics(List.of(dialRequests)).allTopicNames().get().get(dialRequests).partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }

            ScenarioResult result = ScenarioRun.runOn(stack, smoke);
            System.out.println(ResultTable.markdown(List.of(result)));
            result.notes().forEach(n -> System.out.println("  note: " + n));

            assertThat(result.broken()).isEmpty();
            assertThat(result.report().contactsWithoutDisposition()).isZero();
            assertThat(stack.faultMarks()).extracting(FaultCost.Mark::what)
                    .containsExactly("kill -9 the broker leading most dial-requests", "Redis master failover (CLUSTER FAILOVER)");
            // both instances of each service took part: each wrote its own log and none was restarted
            assertThat(stack.services()).allSatisfy(p -> assertThat(p.starts()).as(p.name()).isEqualTo(1));
        }
    }
}
