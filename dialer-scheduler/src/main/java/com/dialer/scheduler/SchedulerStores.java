package com.dialer.scheduler;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.DialRequest;
import com.dialer.schemas.AvroSerde;

/**
 * The scheduler's state: persistent RocksDB stores, each backed by a changelog topic, so pending
 * contacts live on disk (a campaign of 1,000,000 contacts needs no more heap than one of 1,000)
 * and survive a restart or a move to another instance.
 *
 * <pre>
 * campaign-settings   campaignId                     → CampaignCommand (the CREATE, with the latest settings)
 * campaign-progress   campaignId                     → CampaignSummary (status and totals so far)
 * pending-contacts    campaignId|dueMillis|contactId → DialRequest template of the next attempt
 * live-attempts       campaignId|contactId           → the DialRequest of the contact's live attempt (for its retry)
 * contact-states      campaignId|contactId           → P|n (attempt n pending), L|n (attempt n live), F|DISPOSITION
 *                     campaignId|#e164               → contactId that holds the number in the campaign
 * recipient-frees     attemptId                      → clientId|e164 of an attempt whose outcome came back, until
 *                                                      the release punctuator has freed the number in Redis
 * dnc (global)        e164 or clientId|e164          → reason
 * </pre>
 */
final class SchedulerStores {
    static final String SETTINGS = "campaign-settings";
    static final String PROGRESS = "campaign-progress";
    static final String PENDING = "pending-contacts";
    static final String CONTACTS = "contact-states";
    static final String LIVE = "live-attempts";
    static final String RECIPIENT_FREES = "recipient-frees";
    static final String DNC = "dnc";
    static final String[] TASK_STORES = {SETTINGS, PROGRESS, PENDING, LIVE, CONTACTS, RECIPIENT_FREES};

    final KeyValueStore<String, CampaignCommand> settings;
    final KeyValueStore<String, CampaignSummary> progress;
    final KeyValueStore<String, DialRequest> pending;
    final KeyValueStore<String, DialRequest> live;
    final KeyValueStore<String, String> contacts;
    final KeyValueStore<String, String> recipientFrees;
    final KeyValueStore<String, String> dnc;

    SchedulerStores(ProcessingContext context) {
        this.settings = context.getStateStore(SETTINGS);
        this.progress = context.getStateStore(PROGRESS);
        this.pending = context.getStateStore(PENDING);
        this.live = context.getStateStore(LIVE);
        this.contacts = context.getStateStore(CONTACTS);
        this.recipientFrees = context.getStateStore(RECIPIENT_FREES);
        this.dnc = context.getStateStore(DNC);
    }

    static StoreBuilder<KeyValueStore<String, CampaignCommand>> settingsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SETTINGS), Serdes.String(),
                AvroSerde.of(CampaignCommand.class));
    }

    static StoreBuilder<KeyValueStore<String, CampaignSummary>> progressStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROGRESS), Serdes.String(),
                AvroSerde.of(CampaignSummary.class));
    }

    static StoreBuilder<KeyValueStore<String, DialRequest>> dialRequestStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                AvroSerde.of(DialRequest.class));
    }

    static StoreBuilder<KeyValueStore<String, String>> stringStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
    }

    /** The global DNC copy is rebuilt from the compacted topic itself, so it keeps no changelog. */
    static StoreBuilder<KeyValueStore<String, String>> dncStore() {
        return stringStore(DNC).withLoggingDisabled();
    }

    /** Whether a number may never be called by this client: a global entry or the client's own. */
    boolean doNotCall(String clientId, String e164) {
        return dnc.get(e164) != null || (clientId != null && dnc.get(clientId + "|" + e164) != null);
    }
}
