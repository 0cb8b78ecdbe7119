package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void everyDataTopicHasADeadLetterTopicAndThePrefix() {
        TopicCatalog catalog = TopicCatalog.of("t1.", 3);
        assertThat(catalog.all()).hasSize(17).extracting(Topic::name).contains("t1.schemas");
        assertThat(catalog.all()).allSatisfy(t -> assertThat(t.name()).startsWith("t1."));
        assertThat(catalog.dlq(catalog.callEvents()).name()).isEqualTo("t1.call-events-dlq");
    }

    @Test
    void dncIsCompactedAndKeptForever() {
        var dnc = TopicCatalog.standard().dnc();
        assertThat(dnc.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
    }

    @Test
    void theSchemaTopicIsOnePartitionCompactedAndKeptForever() {
        var schemas = TopicCatalog.of("t1.", 3).schemas();
        assertThat(schemas.name()).isEqualTo("t1.schemas");
        assertThat(schemas.partitions()).isEqualTo(1);
        assertThat(schemas.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
    }
}
