package com.dialer.launcher.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.schemas.TopicCatalog;

/**
 * A campaign of a million contacts is submitted in bounded memory: the file is checked and published in a JVM
 * whose heap could not hold a tenth of its contacts at once.
 */
class CampaignFileStreamingTest {
    private static final int MILLION = 1_000_000;

    @Test
    void aMillionRowCsvIsCheckedAndPublishedInA32MegabyteHeap(@TempDir Path dir) throws Exception {
        Path campaign = millionContactCampaign(dir);
        Path out = dir.resolve("out.txt");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SubmitToACountingProducer.class.getName(), campaign.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        assertThat(child.exitValue()).as(Files.readString(out)).isZero();
        assertThat(Files.readString(out).strip()).isEqualTo("checked " + MILLION + ", published " + MILLION);
    }

    /**
     * Checks then submits a campaign file through {@link CampaignFeed} into a producer that counts and forgets
     * (a MockProducer would keep every record), printing both counts.
     */
    public static final class SubmitToACountingProducer {
        public static void main(String[] args) throws Exception {
            CampaignFile file = CampaignFile.open(Path.of(args[0]));
            long checked = file.check();
            long[] sent = {0};
            MockProducer<String, byte[]> forgetting = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
                @Override
                public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                        org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record,
                        org.apache.kafka.clients.producer.Callback callback) {
                    sent[0]++;
                    java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> result = super.send(record, callback);
                    clear();
                    return result;
                }
            };
            long published;
            try (CampaignFeed feed = new CampaignFeed(forgetting, TopicCatalog.standard())) {
                published = feed.submit(file);
            }
            if (sent[0] != published + 1) {
                throw new AssertionError("sent " + sent[0] + " records for " + published + " contacts and a CREATE");
            }
            System.out.println("checked " + checked + ", published " + published);
        }
    }

    @Test
    void theFeedPublishesTheCreateThenEveryContactInFileOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("c.csv"), "contactId,phoneNumber\nc1,+12012000001\n\"c,2\",+12012000002\n");
        Path file = Files.writeString(dir.resolve("c.json"), """
                {"campaignId": "s", "clientId": "acme", "settings": {"callsPerMinute": 5, "callerId": "+1"},
                 "contactsCsv": "c.csv", "contacts": [{"contactId": "c3", "phoneNumber": "+12012000003"}]}
                """);
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        TopicCatalog topics = TopicCatalog.standard();

        long published;
        try (CampaignFeed feed = new CampaignFeed(producer, topics)) {
            published = feed.submit(CampaignFile.open(file));
        }

        List<String> topicsInOrder = new ArrayList<>();
        List<String> contactIds = new ArrayList<>();
        producer.history().forEach(r -> {
            topicsInOrder.add(r.topic());
            if (r.topic().equals(topics.campaignContacts().name())) {
                contactIds.add(topics.campaignContacts().valueSerde().deserializer().deserialize(r.topic(), r.value()).getContactId());
            }
        });
        assertThat(published).isEqualTo(3);
        assertThat(topicsInOrder.getFirst()).isEqualTo(topics.campaignCommands().name());
        assertThat(contactIds).containsExactly("c1", "c,2", "c3");
        assertThat(producer.history()).allSatisfy(r -> assertThat(r.key()).isEqualTo("s"));
    }

    private static Path millionContactCampaign(Path dir) throws Exception {
        Path csv = dir.resolve("contacts.csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("contactId,phoneNumber,timeZone\n");
            for (int i = 0; i < MILLION; i++) {
                out.write("contact-" + i + ",+1201" + String.format("%07d", i) + ",America/New_York\n");
            }
        }
        return Files.writeString(dir.resolve("campaign.json"), """
                {"campaignId": "million", "clientId": "acme", "settings": {"callsPerMinute": 600, "callerId": "+12015550100"},
                 "contactsCsv": "contacts.csv"}
                """);
    }
}
