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
        assertThat(config.toString()).doesNotContain("secret");
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
    void aMissingConnectionStringIsRejectedNamingItsKey() {
        assertThatThrownBy(() -> ArchiverSinkConfig.parse(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ArchiverSinkConfig.CONNECTION_URI);
    }
}
