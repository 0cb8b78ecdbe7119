package com.dialer.launcher.campaign;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CommandType;
import com.dialer.avro.DncEntry;
import com.dialer.schemas.SchemaTopic;
import com.dialer.schemas.Topic;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.TopicCatalog;

/**
 * Publishes campaigns the way an upstream system does: commands to {@code campaign-commands},
 * contacts to {@code campaign-contacts} (both keyed by campaign id), numbers to {@code dnc}.
 * Idempotent producer, acks=all; each call returns once Kafka stored every record.
 */
public final class CampaignFeed implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final TopicCatalog topics;
    private final AutoCloseable schemaTopic;

    /** On the brokers at {@code bootstrapServers}, no other client property (the embedded stack). */
    public CampaignFeed(String bootstrapServers, TopicCatalog topics) {
        this(KafkaClientProperties.of(bootstrapServers), topics);
    }

    public CampaignFeed(KafkaClientProperties kafka, TopicCatalog topics) {
        this(new KafkaProducer<>(kafka.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5)),
                new StringSerializer(), new ByteArraySerializer()), topics,
                // readers still on an older build find the schemas this feed writes with
                SchemaTopic.connect(topics, kafka));
    }

    CampaignFeed(Producer<String, byte[]> producer, TopicCatalog topics) {
        this(producer, topics, () -> { });
    }

    private CampaignFeed(Producer<String, byte[]> producer, TopicCatalog topics, AutoCloseable schemaTopic) {
        this.producer = producer;
        this.topics = topics;
        this.schemaTopic = schemaTopic;
    }

    /**
     * CREATE, then every contact of the file as it is read; returns how many contacts were published. Nothing
     * is kept per record (the producer's buffer bounds what is in flight and blocks the reader when full), so a
     * file of millions of contacts needs no more memory than one of ten. Check the file first
     * ({@link CampaignFile#check()}): an error found half-way would leave half a campaign published.
     */
    public long submit(CampaignFile file) throws IOException {
        await(List.of(send(topics.campaignCommands(), file.campaignId(), create(file.campaignId(), file.clientId(), file.settings()))));
        AtomicReference<Exception> failed = new AtomicReference<>();
        Callback stored = (metadata, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        };
        long[] published = {0};
        file.forEachContact(contact -> {
            if (failed.get() != null) {
                throw new IllegalStateException("Kafka did not store the campaign: " + failed.get(), failed.get());
            }
            producer.send(record(topics.campaignContacts(), file.campaignId(), contact), stored);
            published[0]++;
        });
        producer.flush();
        if (failed.get() != null) {
            throw new IllegalStateException("Kafka did not store the campaign: " + failed.get(), failed.get());
        }
        return published[0];
    }

    /** CREATE, then every contact. */
    public void submit(CampaignPlan plan) {
        submitTogether(List.of(plan));
    }

    /**
     * Every CREATE, then the campaigns' contacts taken in turn. Campaigns that share a partition are
     * taken in in the order their contacts arrive: one after the other, the second would wait for all
     * of the first's contacts; in turn, every campaign starts calling at once.
     */
    public void submitTogether(List<CampaignPlan> plans) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (CampaignPlan plan : plans) {
            sent.add(send(topics.campaignCommands(), plan.campaignId(), create(plan.campaignId(), plan.clientId(), plan.settings())));
        }
        int longest = plans.stream().mapToInt(p -> p.contacts().size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (CampaignPlan plan : plans) {
                if (i < plan.contacts().size()) {
                    sent.add(send(topics.campaignContacts(), plan.campaignId(), plan.contacts().get(i)));
                }
            }
        }
        await(sent);
    }

    /** PAUSE, RESUME or CANCEL of a campaign. */
    public void command(CommandType type, String campaignId, String clientId, String reason) {
        await(List.of(send(topics.campaignCommands(), campaignId, CampaignCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString()).setCampaignId(campaignId).setClientId(clientId)
                .setType(type).setReason(reason).setIssuedAt(Instant.now()).build())));
    }

    /** Numbers never to call: for every client when {@code clientId} is null. */
    public void doNotCall(List<String> e164Numbers, String clientId, String reason) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (String number : e164Numbers) {
            String key = clientId == null ? number : clientId + "|" + number;
            sent.add(send(topics.dnc(), key, DncEntry.newBuilder().setPhoneNumber(number).setClientId(clientId)
                    .setReason(reason).setAddedAt(Instant.now()).build()));
        }
        await(sent);
    }

    private static CampaignCommand create(String campaignId, String clientId, CampaignSettings settings) {
        return CampaignCommand.newBuilder().setCommandId(UUID.randomUUID().toString()).setCampaignId(campaignId)
                .setClientId(clientId).setType(CommandType.CREATE).setSettings(settings).setIssuedAt(Instant.now()).build();
    }

    private <V> Future<RecordMetadata> send(Topic<String, V> topic, String key, V value) {
        return producer.send(record(topic, key, value));
    }

    private static <V> ProducerRecord<String, byte[]> record(Topic<String, V> topic, String key, V value) {
        return new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private static void await(List<Future<RecordMetadata>> sent) {
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not store the campaign: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    @Override
    public void close() {
        producer.close();
        try {
            schemaTopic.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
