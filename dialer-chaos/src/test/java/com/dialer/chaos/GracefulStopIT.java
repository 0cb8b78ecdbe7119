package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;

/**
 * A deploy stops each service with {@code SIGTERM}: every service must then close for real within the
 * grace period, its shutdown hook closing its clients before the JVM halts; a Kafka service commits and
 * leaves its consumer groups, so that its partitions move to the next instance at once, not after a
 * session timeout of dead air (45 s by default) in the middle of a campaign. (A JVM that writes its class data
 * archive as it exits, the first time a service stops in a clone, is allowed the time that takes: ServiceProcess.)
 */
class GracefulStopIT {

    @Test
    void everyServiceStoppedWithSigtermExitsWithinTheGracePeriodAndLeavesItsGroupsAtOnce() {
        EnumSet<Service> services = EnumSet.of(Service.SCHEDULER, Service.STATUS_PROCESSOR, Service.EXECUTOR, Service.WEBHOOK_BRIDGE,
                Service.QUERY_API);
        try (ProcessStack stack = ProcessStack.start(Scenarios.stack(7, 100), services, Path.of("target", "chaos", "graceful-stop"))) {
            for (Service service : services) {
                ServiceProcess process = stack.service(service);
                process.stop();

                assertThat(process.exitCode()).as("%s stopped by SIGTERM, not killed after the grace period", service.id())
                        .isEqualTo(143);
                if (service.consumerGroups().isEmpty()) {
                    continue;
                }
                Map<String, ConsumerGroupDescription> groups = describe(stack, service);
                assertThat(groups.values()).as("%s's groups right after it exited", service.id())
                        .allSatisfy(g -> assertThat(g.members()).isEmpty());
            }
        }
    }

    /**
     * The same on the production topology (SASL_SSL brokers, a Redis Cluster, two instances of each service): a
     * service whose Redis client is a cluster client must exit on SIGTERM too, the other instance still running.
     */
    @Test
    void everyInstanceOnTheProductionTopologyExitsWithinTheGracePeriod() {
        Set<Service> services = Scenarios.CLUSTER_PROCESSES;
        try (ProcessStack stack = ProcessStack.start(Scenarios.stack(7, 100), services,
                Path.of("target", "chaos", "graceful-stop-cluster"), Topology.CLUSTER)) {
            for (Service service : services) {
                for (ServiceProcess process : stack.instances(service)) {
                    process.stop();
                    assertThat(process.exitCode()).as("%s stopped by SIGTERM, not killed after the grace period (its "
                            + "threads are in %s)", process.name(), process.log()).isEqualTo(143);
                }
            }
        }
    }

    private static Map<String, ConsumerGroupDescription> describe(ProcessStack stack, Service service) {
        try (Admin admin = stack.infrastructure().kafka().admin()) {
            return admin.describeConsumerGroups(service.consumerGroups()).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
