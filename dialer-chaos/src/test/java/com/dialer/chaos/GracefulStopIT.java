package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;

/**
 * A deploy stops each service with {@code SIGTERM}: a Kafka Streams service must then close for real —
 * commit, and leave its consumer groups, so that its partitions move to the next instance at once,
 * not after a session timeout of dead air (45 s by default) in the middle of a campaign.
 */
class GracefulStopIT {

    @Test
    void aStreamsServiceStoppedWithSigtermLeavesItsGroupsAtOnce() {
        try (ProcessStack stack = ProcessStack.start(Scenarios.stack(7, 100), EnumSet.of(Service.SCHEDULER, Service.STATUS_PROCESSOR),
                Path.of("target", "chaos", "graceful-stop"))) {
            for (Service service : EnumSet.of(Service.SCHEDULER, Service.STATUS_PROCESSOR)) {
                ServiceProcess process = stack.service(service);
                process.stop();

                assertThat(process.exitCode()).as("%s stopped by SIGTERM, not killed after the grace period", service.id())
                        .isEqualTo(143);
                Map<String, ConsumerGroupDescription> groups = describe(stack, service);
                assertThat(groups.values()).as("%s's groups right after it exited", service.id())
                        .allSatisfy(g -> assertThat(g.members()).isEmpty());
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
