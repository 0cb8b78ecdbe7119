package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

import com.dialer.schemas.TopicCatalog;
import com.dialer.state.RedisKeys;
import com.dialer.state.topology.TopologyState;

/**
 * An upgrade keeps the scheduler's state: each topology still has every store, changelog and internal
 * topic of the last release, as recorded in {@code src/test/resources/topology/*.state}. Additions pass;
 * a rename or a loss fails here, before a deploy orphans the state. At a release the baseline is
 * replaced, on purpose, by the lines this test prints. ({@link DncCheckTopology} keeps no store and no
 * internal topic: it has nothing an upgrade could orphan, so no baseline until it has.)
 */
class TopologyUpgradeTest {
    private final TopicCatalog topics = TopicCatalog.standard();
    private final SchedulerConfig config = SchedulerConfig.defaults();
    private final SchedulerMeters meters = new SchedulerMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

    @Test
    void theSchedulerKeepsEveryStoreAndInternalTopicOfTheLastRelease() throws IOException {
        Topology scheduler = SchedulerTopology.build(topics, config,
                new Pacing(null, null, null, null, null, RedisKeys.standard()), meters);
        assertKeeps("scheduler.state", TopologyState.of(scheduler, config.applicationId()));
    }

    private static void assertKeeps(String baseline, TopologyState now) throws IOException {
        List<String> released;
        try (InputStream in = TopologyUpgradeTest.class.getResourceAsStream("/topology/" + baseline)) {
            assertThat(in).as("baseline topology/%s; the current state is:%n%s", baseline, String.join("\n", now.lines())).isNotNull();
            released = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(now.lost(released)).as("state of the last release this topology would orphan; the current state is:%n%s",
                String.join("\n", now.lines())).isEmpty();
    }
}
