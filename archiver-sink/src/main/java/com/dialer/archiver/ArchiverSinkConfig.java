package com.dialer.archiver;

import java.time.Duration;
import java.util.Map;

import com.dialer.schemas.Masked;
import com.dialer.state.RedisEndpoint;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The connector's typed configuration, read once at start; key, doc and default together. */
public record ArchiverSinkConfig(String connectionUri, String database, String callRecordsTopic, String campaignSummariesTopic,
        int batchSize, int maxRetries, long retryBackoffMs, String schemaBootstrapServers, String schemaTopic,
        String redisUri, String redisKeyPrefix, Duration hotAfterArchive) {

    public static final String CONNECTION_URI = "mongodb.connection.uri";
    public static final String DATABASE = "mongodb.database";
    public static final String CALL_RECORDS_TOPIC = "archiver.call-records.topic";
    public static final String CAMPAIGN_SUMMARIES_TOPIC = "archiver.campaign-summaries.topic";

    public static final String BATCH_SIZE = "archiver.batch.size";
    public static final String MAX_RETRIES = "archiver.max.retries";
    public static final String RETRY_BACKOFF_MS = "archiver.retry.backoff.ms";
    public static final String SCHEMA_BOOTSTRAP_SERVERS = "archiver.schema.bootstrap.servers";
    public static final String SCHEMA_TOPIC = "archiver.schema.topic";
    public static final String REDIS_URI = "archiver.redis.uri";
    public static final String REDIS_KEY_PREFIX = "archiver.redis.key.prefix";
    public static final String HOT_AFTER_ARCHIVE_SECONDS = "archiver.hot.after.archive.seconds";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(CONNECTION_URI, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "MongoDB connection string (may hold credentials, so it is masked in logs)")
            .define(DATABASE, Type.STRING, "dialer", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "database holding the calls and campaigns collections")
            .define(CALL_RECORDS_TOPIC, Type.STRING, "call-records", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "topic whose CallRecord values go to the calls collection")
            .define(CAMPAIGN_SUMMARIES_TOPIC, Type.STRING, "campaign-summaries", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "topic whose CampaignSummary values go to the campaigns collection")
            .define(BATCH_SIZE, Type.INT, 500, ConfigDef.Range.between(1, 100_000), Importance.MEDIUM,
                    "most documents in one bulk write; a larger poll is written in several bulks")
            .define(MAX_RETRIES, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "consecutive redeliveries of a batch after a transient MongoDB error before the task fails")
            .define(RETRY_BACKOFF_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "pause before a batch that hit a transient MongoDB error is redelivered")
            .define(SCHEMA_BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                    "the Kafka cluster of the schema topic, where a record written by a newer writer finds its schema "
                            + "(empty: only this build's schemas and their history are known, and such a record goes to the DLQ)")
            .define(SCHEMA_TOPIC, Type.STRING, "schemas", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "the schema topic (TOPIC_PREFIX + schemas)")
            .define(REDIS_URI, Type.PASSWORD, "", ArchiverSinkConfig::validRedisUri, Importance.MEDIUM,
                    "the services' REDIS_URI (any of its shapes; masked in logs): once a batch is archived, each call's hot "
                            + "copy there is shortened to " + HOT_AFTER_ARCHIVE_SECONDS + " (empty: hot copies keep the whole hot window)")
            .define(REDIS_KEY_PREFIX, Type.STRING, "", Importance.LOW,
                    "the services' REDIS_KEY_PREFIX (empty in production)")
            .define(HOT_AFTER_ARCHIVE_SECONDS, Type.LONG, 6 * 3600L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "how long an archived call's attempt hash stays in Redis after the archive acknowledged it (default 6 h; "
                            + "only ever shortens its TTL)");

    /** The services' own rule ({@link RedisEndpoint}), so a bad URI is refused when the connector is created. */
    private static void validRedisUri(String key, Object value) {
        String uri = value == null ? "" : ((Password) value).value().strip();
        if (!uri.isEmpty()) {
            try {
                RedisEndpoint.parse(key, uri);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage()); // masked by RedisEndpoint
            }
        }
    }

    public static ArchiverSinkConfig parse(Map<String, String> props) {
        AbstractConfig c = new AbstractConfig(DEFINITION, props);
        return new ArchiverSinkConfig(c.getPassword(CONNECTION_URI).value(), c.getString(DATABASE),
                c.getString(CALL_RECORDS_TOPIC), c.getString(CAMPAIGN_SUMMARIES_TOPIC), c.getInt(BATCH_SIZE),
                c.getInt(MAX_RETRIES), c.getLong(RETRY_BACKOFF_MS), c.getString(SCHEMA_BOOTSTRAP_SERVERS).strip(), c.getString(SCHEMA_TOPIC),
                c.getPassword(REDIS_URI).value().strip(), c.getString(REDIS_KEY_PREFIX),
                Duration.ofSeconds(c.getLong(HOT_AFTER_ARCHIVE_SECONDS)));
    }

    @Override
    public String toString() {
        return "ArchiverSinkConfig[connectionUri=" + Masked.uri(connectionUri) + ", database=" + database + ", callRecordsTopic=" + callRecordsTopic
                + ", campaignSummariesTopic=" + campaignSummariesTopic + ", batchSize=" + batchSize + ", maxRetries="
                + maxRetries + ", retryBackoffMs=" + retryBackoffMs + ", schemaBootstrapServers=" + schemaBootstrapServers
                + ", schemaTopic=" + schemaTopic + ", redisUri=" + (redisUri.isEmpty() ? "" : Masked.uri(redisUri))
                + ", redisKeyPrefix=" + redisKeyPrefix + ", hotAfterArchive=" + hotAfterArchive + "]";
    }
}
