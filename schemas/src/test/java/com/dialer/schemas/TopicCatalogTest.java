package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void everyDataTopicHasADeadLetterTopicAndThePrefix() {
        TopicCatalog catalog = TopicCatalog.of("t1.", 3);
        assertThat(catalog.all()).hasSize(16);
        assertThat(catalog.all()).allSatisfy(t -> assertThat(t.name()).startsWith("t1."));
        assertThat(catalog.dlq(catalog.callEvents()).name()).isEqualTo("t1.call-events-dlq");
    }

    @Test
    void dncIsCompactedAndKeptForever() {
        var dnc = TopicCatalog.standard().dnc();
        assertThat(dnc.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
    }
}
