package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"dialer\" password=\"s3cret-jaas\";";

    @TempDir
    Path dir;

    private static KafkaClientProperties read(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", "broker:9092");
        return KafkaClientProperties.from(new EnvironmentKeys(KeySource.of(all)));
    }

    @Test
    void anEnvironmentKeyNamesItsPropertyByTheDocumentedRule() {
        assertThat(KafkaClientProperties.propertyName("KAFKA_SECURITY_PROTOCOL")).isEqualTo("security.protocol");
        assertThat(KafkaClientProperties.propertyName("KAFKA_SASL_JAAS_CONFIG")).isEqualTo("sasl.jaas.config");
        assertThat(KafkaClientProperties.propertyName("KAFKA_SSL_TRUSTSTORE_LOCATION")).isEqualTo("ssl.truststore.location");
        assertThat(KafkaClientProperties.propertyName("KAFKA_A__B___C_D")).isEqualTo("a_b-c.d");
    }

    @Test
    void everyClientGetsTheOperatorsPropertiesItKnows() {
        KafkaClientProperties kafka = read(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", JAAS, "KAFKA_COMPRESSION_TYPE", "zstd", "KAFKA_MAX_POLL_RECORDS", "50"));

        Map<String, Object> producer = kafka.producer(Map.of("linger.ms", 5));
        assertThat(producer).containsEntry("bootstrap.servers", "broker:9092").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("compression.type", "zstd").containsEntry("linger.ms", 5).doesNotContainKey("max.poll.records");
        assertThat(kafka.consumer(Map.of())).containsEntry("security.protocol", "SASL_SSL").containsEntry("max.poll.records", "50")
                .doesNotContainKey("compression.type");
        assertThat(kafka.admin(Map.of())).containsEntry("sasl.jaas.config", JAAS).doesNotContainKey("max.poll.records");
        Properties streams = kafka.streams(Map.of("application.id", "app"), new TopicReplication((short) 3, 2));
        assertThat(streams).containsEntry("security.protocol", "SASL_SSL").containsEntry("application.id", "app")
                .containsEntry("replication.factor", 3).containsEntry("topic.min.insync.replicas", "2")
                .containsEntry("num.standby.replicas", 0);
    }

    @Test
    void theConnectWorkerGetsThemForItselfAndUnderEachClientPrefix() {
        Map<String, String> worker = read(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_MAX_POLL_RECORDS", "50"))
                .connectWorker(Map.of("group.id", "connect"));

        assertThat(worker).containsEntry("security.protocol", "SSL").containsEntry("producer.security.protocol", "SSL")
                .containsEntry("consumer.security.protocol", "SSL").containsEntry("admin.security.protocol", "SSL")
                .containsEntry("consumer.max.poll.records", "50").doesNotContainKey("producer.max.poll.records")
                .containsEntry("group.id", "connect").containsEntry("bootstrap.servers", "broker:9092");
    }

    @Test
    void theEnvironmentWinsOverTheFileAndTheOperatorWinsOverOurTuning() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "compression.type=gzip\nclient.id=from-file\nlinger.ms=50\n");

        KafkaClientProperties kafka = read(Map.of("KAFKA_CONFIG_FILE", file.toString(), "KAFKA_COMPRESSION_TYPE", "lz4"));

        assertThat(kafka.producer(Map.of("linger.ms", 2, "acks", "all"))).containsEntry("compression.type", "lz4")
                .containsEntry("client.id", "from-file").containsEntry("linger.ms", "50").containsEntry("acks", "all");
    }

    @Test
    void aPropertyOurPromisesDependOnIsRefusedUnlessGivenOurValue() {
        assertThatThrownBy(() -> read(Map.of("KAFKA_ACKS", "1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAFKA_ACKS").hasMessageContaining("acks=all");
        assertThatThrownBy(() -> read(Map.of("KAFKA_ISOLATION_LEVEL", "read_uncommitted")))
                .hasMessageContaining("KAFKA_ISOLATION_LEVEL").hasMessageContaining("read_committed");
        assertThatThrownBy(() -> read(Map.of("KAFKA_ENABLE_IDEMPOTENCE", "false"))).hasMessageContaining("KAFKA_ENABLE_IDEMPOTENCE");
        assertThatThrownBy(() -> read(Map.of("KAFKA_PROCESSING_GUARANTEE", "at_least_once")))
                .hasMessageContaining("KAFKA_PROCESSING_GUARANTEE");
        assertThatThrownBy(() -> read(Map.of("KAFKA_AUTO_OFFSET_RESET", "latest"))).hasMessageContaining("KAFKA_AUTO_OFFSET_RESET");

        KafkaClientProperties same = read(Map.of("KAFKA_ACKS", "all", "KAFKA_ENABLE_AUTO_COMMIT", "false"));
        assertThat(same.overrides()).isEmpty();
        assertThat(same.producer(Map.of("acks", "all"))).containsEntry("acks", "all");
    }

    @Test
    void aPropertyFromTheFileIsCheckedTheSameWayNamingTheFileAndProperty() throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "acks=0\n");

        assertThatThrownBy(() -> read(Map.of("KAFKA_CONFIG_FILE", file.toString())))
                .hasMessageContaining("KAFKA_CONFIG_FILE").hasMessageContaining(file.toString()).hasMessageContaining("acks");
        assertThatThrownBy(() -> read(Map.of("KAFKA_CONFIG_FILE", dir.resolve("missing.properties").toString())))
                .hasMessageStartingWith("KAFKA_CONFIG_FILE: cannot read");
    }

    @Test
    void whatTheServicesSetThemselvesIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("bootstrap.properties"), "bootstrap.servers=other:9092\n");
        assertThatThrownBy(() -> read(Map.of("KAFKA_CONFIG_FILE", file.toString())))
                .hasMessageContaining("bootstrap.servers").hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> read(Map.of("KAFKA_GROUP_ID", "mine"))).hasMessageContaining("KAFKA_GROUP_ID (group.id)");
        assertThatThrownBy(() -> read(Map.of("KAFKA_TRANSACTIONAL_ID", "t"))).hasMessageContaining("KAFKA_TRANSACTIONAL_ID");
        assertThatThrownBy(() -> read(Map.of("KAFKA_GROUP_INSTANCE_ID", "i"))).hasMessageContaining("KAFKA_GROUP_INSTANCE_ID");
    }

    @Test
    void anUnknownPropertyOrABadValueStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> read(Map.of("KAFKA_COMPRESION_TYPE", "zstd")))
                .hasMessageStartingWith("KAFKA_COMPRESION_TYPE (compresion.type): not a Kafka");
        assertThatThrownBy(() -> read(Map.of("KAFKA_COMPRESSION_TYPE", "brotli")))
                .hasMessageStartingWith("KAFKA_COMPRESSION_TYPE (compression.type): ").hasMessageContaining("brotli");
        assertThatThrownBy(() -> read(Map.of("KAFKA_LINGER_MS", "soon"))).hasMessageStartingWith("KAFKA_LINGER_MS (linger.ms)");
        assertThatThrownBy(() -> read(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS"))).hasMessageStartingWith("KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> read(Map.of("TOPIC_MIN_INSYNC_REPLICAS", "3", "TOPIC_REPLICATION_FACTOR", "2")))
                .hasMessageStartingWith("TOPIC_MIN_INSYNC_REPLICAS");
    }

    @Test
    void theKafkaScriptsOwnVariablesAreNotClientProperties() {
        assertThat(read(Map.of("KAFKA_HOME", "/opt/kafka", "KAFKA_HEAP_OPTS", "-Xmx1g")).overrides()).isEmpty();
    }

    @Test
    void secretsAreMaskedWhereverTheSettingsAreShown() throws IOException {
        Path file = dir.resolve("tls.properties");
        Files.writeString(file, "ssl.truststore.password=s3cret-trust\nssl.key.password=s3cret-key\n");

        KafkaClientProperties kafka = read(Map.of("KAFKA_SASL_JAAS_CONFIG", JAAS, "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_CONFIG_FILE", file.toString()));

        assertThat(kafka.toString()).doesNotContain("s3cret").contains("sasl.jaas.config=****", "ssl.truststore.password=****",
                "ssl.key.password=****", "security.protocol=SASL_SSL");
        assertThat(KafkaClientProperties.masked(kafka.overrides()).toString()).doesNotContain("s3cret");
    }

    @Test
    void productionDefaultsReplicateThriceWithTwoInSyncAndFitASmallerCluster() {
        KafkaClientProperties kafka = read(Map.of());
        assertThat(kafka.replication()).isEqualTo(new TopicReplication((short) 3, 2));
        assertThat(kafka.replication().on(5)).isEqualTo(new TopicReplication((short) 3, 2));
        assertThat(kafka.replication().on(2)).isEqualTo(new TopicReplication((short) 2, 1));
        assertThat(kafka.replication().on(1)).isEqualTo(TopicReplication.ONE_BROKER);
        assertThat(read(Map.of("TOPIC_REPLICATION_FACTOR", "5", "TOPIC_MIN_INSYNC_REPLICAS", "3")).replication().on(4))
                .isEqualTo(new TopicReplication((short) 4, 2));
    }

    @Test
    void aTopicWeCreateCarriesItsMinInsyncReplicas() {
        TopicCatalog catalog = TopicCatalog.of("", 3);
        var created = catalog.dialRequests().newTopic(new TopicReplication((short) 3, 2));
        assertThat(created.replicationFactor()).isEqualTo((short) 3);
        assertThat(created.configs()).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void aClusterThatRefusesTheClientIsReportedByTheKeyToFix() {
        var refusedLogin = new ExecutionException(new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"));
        assertThat(KafkaClientProperties.unreachable(refusedLogin)).startsWith("KAFKA_SASL_JAAS_CONFIG (sasl.jaas.config, or in KAFKA_CONFIG_FILE)")
                .contains("refused the login", "SCRAM-SHA-512");
        var badCertificate = new ExecutionException(new SslAuthenticationException(
                "SSL handshake failed"));
        assertThat(KafkaClientProperties.unreachable(badCertificate)).startsWith("KAFKA_SSL_TRUSTSTORE_LOCATION").contains("SSL handshake failed");
        assertThat(KafkaClientProperties.unreachable(new TimeoutException("no answer")))
                .startsWith("KAFKA_BOOTSTRAP_SERVERS: cannot reach the brokers");
    }
}
