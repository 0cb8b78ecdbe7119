package com.dialer.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.dialer.schemas.TopicCatalog;
import com.dialer.state.topology.TopologyState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upgrade keeps the status-processor's state: its topology still has every store, changelog and
 * internal topic of the last release, as recorded in {@code src/test/resources/topology/status-processor.state}.
 * Additions pass; a rename or a loss fails here, before a deploy orphans the state. At a release the
 * baseline is replaced, on purpose, by the lines this test prints.
 */
class TopologyUpgradeTest {

    @Test
    void theStatusProcessorKeepsEveryStoreAndInternalTopicOfTheLastRelease() throws IOException {
        StatusConfig config = StatusConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092", "REDIS_URI", "redis://unused:6379"));
        TopologyState now = TopologyState.of(StatusTopology.build(TopicCatalog.standard(), config, new InMemoryHotState()),
                config.applicationId());

        List<String> released;
        try (InputStream in = getClass().getResourceAsStream("/topology/status-processor.state")) {
            assertThat(in).as("baseline topology/status-processor.state; the current state is:%n%s", String.join("\n", now.lines())).isNotNull();
            released = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(now.lost(released)).as("state of the last release this topology would orphan; the current state is:%n%s",
                String.join("\n", now.lines())).isEmpty();
    }
}
