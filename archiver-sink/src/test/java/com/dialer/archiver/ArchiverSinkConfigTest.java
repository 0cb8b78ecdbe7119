package com.dialer.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ArchiverSinkConfigTest {

    @Test
    void defaultsApplyAndTheConnectionStringIsMaskedWhenPrinted() {
        ArchiverSinkConfig config = ArchiverSinkConfig.parse(Map.of(
                ArchiverSinkConfig.CONNECTION_URI, "mongodb://user:secret@127.0.0.1:27017"));

        assertThat(config.database()).isEqualTo("dialer");
        assertThat(config.callRecordsTopic()).isEqualTo("call-records");
        assertThat(config.batchSize()).isEqualTo(500);
        assertThat(config.schemaBootstrapServers()).as("no schema topic unless one is named").isEmpty();
        assertThat(config.schemaTopic()).isEqualTo("schemas");
        assertThat(config.redisUri()).as("hot copies are left alone unless a Redis is named").isEmpty();
        assertThat(config.hotAfterArchive()).isEqualTo(java.time.Duration.ofHours(6));
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void theRedisUriIsMaskedWhenPrintedAndTheWindowIsAtLeastASecond() {
        ArchiverSinkConfig config = ArchiverSinkConfig.parse(Map.of(
                ArchiverSinkConfig.CONNECTION_URI, "mongodb://127.0.0.1",
                ArchiverSinkConfig.REDIS_URI, "redis://:hunter2@127.0.0.1:6379",
                ArchiverSinkConfig.HOT_AFTER_ARCHIVE_SECONDS, "900"));

        assertThat(config.hotAfterArchive()).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(config.toString()).doesNotContain("hunter2").contains("127.0.0.1:6379");
        assertThatThrownBy(() -> ArchiverSinkConfig.parse(Map.of(
                ArchiverSinkConfig.CONNECTION_URI, "mongodb://127.0.0.1",
                ArchiverSinkConfig.HOT_AFTER_ARCHIVE_SECONDS, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ArchiverSinkConfig.HOT_AFTER_ARCHIVE_SECONDS);
    }

    @Test
    void aBadValueIsRejectedNamingItsKey() {
        assertThatThrownBy(() -> ArchiverSinkConfig.parse(Map.of(
                ArchiverSinkConfig.CONNECTION_URI, "mongodb://127.0.0.1",
                ArchiverSinkConfig.BATCH_SIZE, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ArchiverSinkConfig.BATCH_SIZE);
    }

    @Test
    void aRedisUriOfNoKnownShapeIsRejectedNamingItsKeyWithoutItsPassword() {
        assertThatThrownBy(() -> ArchiverSinkConfig.parse(Map.of(
                ArchiverSinkConfig.CONNECTION_URI, "mongodb://127.0.0.1",
                ArchiverSinkConfig.REDIS_URI, "memcached://:hunter2@127.0.0.1:6379")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ArchiverSinkConfig.REDIS_URI)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingConnectionStringIsRejectedNamingItsKey() {
        assertThatThrownBy(() -> ArchiverSinkConfig.parse(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ArchiverSinkConfig.CONNECTION_URI);
    }
}
