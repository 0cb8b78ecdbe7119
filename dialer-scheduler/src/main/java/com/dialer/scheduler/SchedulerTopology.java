package com.dialer.scheduler;

import java.util.Optional;
import java.util.function.BiFunction;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.Contact;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;

/**
 * The scheduler: campaign commands, contacts and call outcomes in (all keyed by campaignId, so
 * one task owns everything about a campaign), paced dial requests, scheduler-decided final
 * outcomes and campaign summaries out. Pure: no I/O; the Redis side comes in through {@link Pacing}.
 *
 * <pre>
 * campaign-commands ─► decode-commands ─► apply-commands ─┐          ┌─► dial-requests
 * campaign-contacts ─► decode-contacts ─► take-contacts ──┼─ stores ─┼─► call-outcomes
 * call-outcomes ─────► decode-outcomes ─► read-outcomes ──┘          └─► campaign-summaries
 *                      └─► &lt;topic&gt;-dlq ◄─ (unknown campaign / contact)
 *                      (take-contacts owns the release and summary punctuators)
 * dnc ─► keep-dnc ─► global store dnc
 * </pre>
 * Unreadable DNC entries are reported by the separate {@link DncCheckTopology}: a topic read into
 * a global store cannot also be a source of this topology, and a global processor cannot forward.
 */
public final class SchedulerTopology {
    static final String DIAL_SINK = "dial-requests-sink";
    static final String OUTCOMES_SINK = "call-outcomes-sink";
    static final String SUMMARIES_SINK = "campaign-summaries-sink";
    static final String COMMANDS_DLQ_SINK = "commands-dlq-sink";
    static final String OUTCOMES_DLQ_SINK = "outcomes-dlq-sink";
    private static final String[] WRITERS = {"apply-commands", "take-contacts", "read-outcomes"};

    private SchedulerTopology() {
    }

    public static Topology build(TopicCatalog topics, SchedulerConfig config, Pacing pacing, SchedulerMeters meters) {
        Topology topology = new Topology();
        String commands = topics.campaignCommands().name();
        String outcomes = topics.callOutcomes().name();
        input(topology, topics, topics.campaignCommands(), "commands", "apply-commands",
                InputRules.keyedByCampaign(c -> InputRules.command(c, config.outboundUrls()), CampaignCommand::getCampaignId),
                () -> new CommandProcessor(commands, COMMANDS_DLQ_SINK, meters), meters);
        input(topology, topics, topics.campaignContacts(), "contacts", "take-contacts",
                InputRules.keyedByCampaign(InputRules::contact, Contact::getCampaignId),
                () -> new ContactIntake(config, pacing, meters), meters);
        input(topology, topics, topics.callOutcomes(), "outcomes", "read-outcomes",
                InputRules.keyedByCampaign(InputRules::outcome, CallOutcome::getCampaignId),
                () -> new OutcomeProcessor(outcomes, OUTCOMES_DLQ_SINK, meters), meters);

        topology.addStateStore(SchedulerStores.settingsStore(), WRITERS);
        topology.addStateStore(SchedulerStores.progressStore(), WRITERS);
        topology.addStateStore(SchedulerStores.dialRequestStore(SchedulerStores.PENDING), WRITERS);
        topology.addStateStore(SchedulerStores.dialRequestStore(SchedulerStores.LIVE), WRITERS);
        topology.addStateStore(SchedulerStores.stringStore(SchedulerStores.CONTACTS), WRITERS);
        topology.addStateStore(SchedulerStores.stringStore(SchedulerStores.RECIPIENT_FREES), WRITERS);

        topology.addSink(DIAL_SINK, topics.dialRequests().name(), new StringSerializer(),
                topics.dialRequests().valueSerde().serializer(), "take-contacts");
        topology.addSink(OUTCOMES_SINK, topics.callOutcomes().name(), new StringSerializer(),
                topics.callOutcomes().valueSerde().serializer(), WRITERS);
        topology.addSink(SUMMARIES_SINK, topics.campaignSummaries().name(), new StringSerializer(),
                topics.campaignSummaries().valueSerde().serializer(), WRITERS);

        String dncTopic = topics.dnc().name();
        topology.addGlobalStore(SchedulerStores.dncStore(), "dnc-source", new StringDeserializer(),
                new ByteArrayDeserializer(), dncTopic, "keep-dnc", () -> new DncProcessor(dncTopic));
        return topology;
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecordBase> void input(Topology topology, TopicCatalog topics,
                                                             Topic<String, V> topic, String name, String processor,
                                                             BiFunction<String, V, Optional<String>> rules,
                                                             ProcessorSupplier<String, Object, String, Object> handler,
                                                             SchedulerMeters meters) {
        String source = name + "-source";
        String decoder = "decode-" + name;
        String dlq = name + "-dlq-sink";
        AvroSerde<V> serde = (AvroSerde<V>) topic.valueSerde();
        topology.addSource(source, new StringDeserializer(), new ByteArrayDeserializer(), topic.name());
        topology.addProcessor(decoder, () -> new InputDecoder<>(topic.name(), serde, rules, false, processor, dlq, meters), source);
        topology.addProcessor(processor, handler, decoder);
        // the handler dead-letters records that decode but name what the scheduler does not know
        topology.addSink(dlq, topics.dlq(topic).name(), new StringSerializer(), new ByteArraySerializer(), decoder,
                processor);
    }
}
