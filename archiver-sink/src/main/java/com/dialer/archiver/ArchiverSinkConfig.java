package com.dialer.archiver;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The connector's typed configuration, read once at start; key, doc and default together. */
public record ArchiverSinkConfig(String connectionUri, String database, String callRecordsTopic, String campaignSummariesTopic) {

    public static final String CONNECTION_URI = "mongodb.connection.uri";
    public static final String DATABASE = "mongodb.database";
    public static final String CALL_RECORDS_TOPIC = "archiver.call-records.topic";
    public static final String CAMPAIGN_SUMMARIES_TOPIC = "archiver.campaign-summaries.topic";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(CONNECTION_URI, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "MongoDB connection string (may hold credentials, so it is masked in logs)")
            .define(DATABASE, Type.STRING, "dialer", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "database holding the calls and campaigns collections")
            .define(CALL_RECORDS_TOPIC, Type.STRING, "call-records", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "topic whose CallRecord values go to the calls collection")
            .define(CAMPAIGN_SUMMARIES_TOPIC, Type.STRING, "campaign-summaries", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "topic whose CampaignSummary values go to the campaigns collection");

    public static ArchiverSinkConfig parse(Map<String, String> props) {
        AbstractConfig c = new AbstractConfig(DEFINITION, props);
        return new ArchiverSinkConfig(c.getPassword(CONNECTION_URI).value(), c.getString(DATABASE),
                c.getString(CALL_RECORDS_TOPIC), c.getString(CAMPAIGN_SUMMARIES_TOPIC));
    }

    @Override
    public String toString() {
        return "ArchiverSinkConfig[connectionUri=*****, database=" + database + ", callRecordsTopic=" + callRecordsTopic
                + ", campaignSummariesTopic=" + campaignSummariesTopic + "]";
    }
}
