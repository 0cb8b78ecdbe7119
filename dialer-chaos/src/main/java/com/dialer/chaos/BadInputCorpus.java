package com.dialer.chaos;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.CallingWindow;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.avro.DncEntry;
import com.dialer.avro.EventSource;
import com.dialer.launcher.campaign.CampaignPlan;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;

/**
 * Garbage mixed into a good campaign: malformed commands, contacts, do-not-call entries, dial
 * requests and call events — random and truncated bytes, JSON, a record of another type, unknown
 * schema fingerprints (a field missing, an enum symbol this version does not know), blank and
 * forbidden ids, keys that are not the record's id, tombstones, payloads close to Kafka's limit —
 * each with what must become of it: dead-lettered with a reason, or (odd numbers and zones) ended
 * with the disposition INVALID, or processed as any contact.
 */
public final class BadInputCorpus {

    /** What must become of a record. */
    public enum Expect {
        /** in its topic's DLQ, with a reason */
        DEAD_LETTER,
        /** a contact of the campaign, finished with the disposition INVALID */
        INVALID,
        /** a contact of the campaign, finished like any other */
        PROCESSED,
        /** a contact close to Kafka's size limit: finished, or dead-lettered with a reason; never a dead stream thread */
        PROCESSED_OR_DEAD_LETTER
    }

    /** One record as it goes to Kafka. */
    public record Item(String topic, String key, byte[] value, Expect expect, String what) {
        @Override
        public String toString() {
            return what + " -> " + topic + " (" + expect + ")";
        }
    }

    private final TopicCatalog topics;
    private final Random random;
    private final CampaignPlan campaign;

    /** Garbage for {@code campaign}'s topics and partitions; its odd contacts join that campaign. */
    public BadInputCorpus(TopicCatalog topics, CampaignPlan campaign, long seed) {
        this.topics = topics;
        this.campaign = campaign;
        this.random = new Random(seed);
    }

    public List<Item> items() {
        List<Item> items = new ArrayList<>();
        items.addAll(commands());
        items.addAll(contacts());
        items.addAll(doNotCall());
        items.addAll(dialRequests());
        items.addAll(callEvents());
        return items;
    }

    private List<Item> commands() {
        Topic<String, CampaignCommand> t = topics.campaignCommands();
        String id = campaign.campaignId();
        byte[] create = encode(t, command(id, CommandType.CREATE, campaign.settings()));
        List<Item> items = new ArrayList<>(common(t.name(), id, create, encode(topics.campaignContacts(), contact("c", "+12015550100"))));
        items.add(dead(t, id, command(id, CommandType.CREATE, null), "CREATE without settings"));
        items.add(dead(t, id, command(id, CommandType.UPDATE_SETTINGS, CampaignSettings.newBuilder(campaign.settings())
                .setCallsPerMinute(0).build()), "callsPerMinute 0"));
        items.add(dead(t, id, command(id, CommandType.UPDATE_SETTINGS, CampaignSettings.newBuilder(campaign.settings())
                .setWeight(5_000).build()), "weight 5000"));
        items.add(dead(t, id, command(id, CommandType.UPDATE_SETTINGS, CampaignSettings.newBuilder(campaign.settings())
                .setCallingWindow(CallingWindow.newBuilder().setStart(java.time.LocalTime.of(9, 0)).setEnd(java.time.LocalTime.of(17, 0))
                        .setDays(List.of("FUNDAY")).build())
                .build()), "calling window on a day that does not exist"));
        items.add(dead(t, id, command(id, CommandType.UPDATE_SETTINGS, CampaignSettings.newBuilder(campaign.settings())
                .setStartAt(java.time.Instant.parse("2026-12-24T00:00:00Z")).setEndAt(java.time.Instant.parse("2026-12-01T00:00:00Z"))
                .build()), "a schedule that ends before it starts"));
        items.add(dead(t, "ghost-campaign", command("ghost-campaign", CommandType.PAUSE, null), "PAUSE of a campaign never created"));
        items.add(dead(t, id, command(id, CommandType.UNKNOWN, null), "command type UNKNOWN"));
        items.add(dead(t, "", CampaignCommand.newBuilder(command(id, CommandType.RESUME, null)).setCampaignId("").build(), "blank campaignId"));
        items.add(dead(t, "a|b", CampaignCommand.newBuilder(command(id, CommandType.RESUME, null)).setCampaignId("a|b").build(),
                "'|' in the campaignId"));
        items.add(new Item(t.name(), id, unknownSymbol(command(id, CommandType.PAUSE, null)), Expect.DEAD_LETTER,
                "a command type this version does not know (newer writer schema)"));
        return items;
    }

    private List<Item> contacts() {
        Topic<String, Contact> t = topics.campaignContacts();
        String id = campaign.campaignId();
        byte[] good = encode(t, contact("x", "+12015550101"));
        List<Item> items = new ArrayList<>(common(t.name(), id, good, encode(topics.campaignCommands(),
                command(id, CommandType.PAUSE, null))));
        items.add(dead(t, id, contact("", "+12015550102"), "blank contactId"));
        items.add(dead(t, id, contact("a|b", "+12015550103"), "'|' in the contactId"));
        items.add(new Item(t.name(), id, withoutField(contact("no-phone", "+12015550104"), "phoneNumber"), Expect.DEAD_LETTER,
                "a contact without its phone number (writer schema missing the field)"));
        // odd contacts of the campaign: not malformed records, but numbers or zones nobody can call
        int n = 0;
        for (String number : List.of("not a number", "", "+1", "+99912345", "1234567890123456789012345", "+1201-CALL-ME-NOW-PLEASE")) {
            items.add(new Item(t.name(), id, encode(t, contact("odd-" + n++, number)), Expect.INVALID, "phone number '" + number + "'"));
        }
        items.add(new Item(t.name(), id, encode(t, Contact.newBuilder(contact("odd-" + n++, "+12015550105"))
                .setTimeZone("Mars/Olympus_Mons").build()), Expect.INVALID, "a time zone that does not exist"));
        items.add(new Item(t.name(), id, encode(t, contact("odd-" + n++, campaign.contacts().get(0).getPhoneNumber())),
                Expect.INVALID, "a number already in the campaign"));
        items.add(new Item(t.name(), id, encode(t, Contact.newBuilder(contact("big-" + n++, "+12015550106"))
                .setAttributes(Map.of("notes", text(200_000))).build()), Expect.PROCESSED, "a contact with 200 KB of attributes"));
        return items;
    }

    /** A valid contact as large as the broker takes: its dial request, a little larger, may not fit. */
    public Item nearTheSizeLimit(int attributeBytes) {
        Topic<String, Contact> t = topics.campaignContacts();
        return new Item(t.name(), campaign.campaignId(), encode(t, Contact.newBuilder(contact("huge-" + attributeBytes, "+12015550107"))
                .setAttributes(Map.of("notes", text(attributeBytes))).build()), Expect.PROCESSED_OR_DEAD_LETTER,
                "a contact of " + attributeBytes / 1024 + " KB, close to Kafka's record size limit");
    }

    private List<Item> doNotCall() {
        Topic<String, DncEntry> t = topics.dnc();
        List<Item> items = new ArrayList<>();
        items.add(new Item(t.name(), "+12015550999", bytes(40), Expect.DEAD_LETTER, "random bytes"));
        items.add(dead(t, "+12015550998", dnc("+12015550997"), "key is not the entry's number"));
        items.add(dead(t, "2015550996", dnc("2015550996"), "a number not in E.164"));
        return items;
    }

    private List<Item> dialRequests() {
        String topic = topics.dialRequests().name();
        return List.of(new Item(topic, "garbage:1:1", bytes(64), Expect.DEAD_LETTER, "random bytes"),
                new Item(topic, "garbage:2:1", null, Expect.DEAD_LETTER, "a tombstone"));
    }

    private List<Item> callEvents() {
        Topic<String, CallEvent> t = topics.callEvents();
        List<Item> items = new ArrayList<>();
        items.add(new Item(t.name(), "garbage:1:1", bytes(80), Expect.DEAD_LETTER, "random bytes"));
        items.add(new Item(t.name(), "garbage:2:1", null, Expect.DEAD_LETTER, "a tombstone"));
        items.add(dead(t, "garbage:3:1", event("garbage:3:1", CallStatus.UNKNOWN, 1), "status UNKNOWN"));
        items.add(dead(t, "garbage:4:1", event("garbage:4:2", CallStatus.RINGING, 1), "key is not the attemptId"));
        items.add(dead(t, "garbage:5:0", event("garbage:5:0", CallStatus.RINGING, 0), "attempt number 0"));
        return items;
    }

    /** Failures every input topic gets: random bytes, a truncated record, a bad fingerprint, JSON, another type, a tombstone, a wrong key, a huge blob. */
    private List<Item> common(String topic, String key, byte[] good, byte[] otherType) {
        byte[] badFingerprint = good.clone();
        for (int i = 2; i < 10; i++) {
            badFingerprint[i] = (byte) random.nextInt(256);
        }
        return List.of(
                new Item(topic, key, bytes(1 + random.nextInt(200)), Expect.DEAD_LETTER, "random bytes"),
                new Item(topic, key, Arrays.copyOf(good, good.length / 2), Expect.DEAD_LETTER, "a record cut in half"),
                new Item(topic, key, badFingerprint, Expect.DEAD_LETTER, "an unknown schema fingerprint"),
                new Item(topic, key, "{\"campaignId\":\"x\",\"type\":\"CREATE\"}".getBytes(StandardCharsets.UTF_8), Expect.DEAD_LETTER,
                        "JSON instead of Avro"),
                new Item(topic, key, otherType, Expect.DEAD_LETTER, "a record of another type"),
                new Item(topic, key, null, Expect.DEAD_LETTER, "a tombstone"),
                new Item(topic, "not-" + key, good, Expect.DEAD_LETTER, "a key that is not the record's campaign"),
                new Item(topic, key, bytes(900_000), Expect.DEAD_LETTER, "900 KB of random bytes"));
    }

    private <V extends SpecificRecordBase> Item dead(Topic<String, V> topic, String key, V value, String what) {
        return new Item(topic.name(), key, encode(topic, value), Expect.DEAD_LETTER, what);
    }

    private static <V> byte[] encode(Topic<String, V> topic, V value) {
        return topic.valueSerde().serializer().serialize(topic.name(), value);
    }

    private CampaignCommand command(String campaignId, CommandType type, CampaignSettings settings) {
        return CampaignCommand.newBuilder().setCommandId(UUID.randomUUID().toString()).setCampaignId(campaignId)
                .setClientId(campaign.clientId()).setType(type).setSettings(settings).setIssuedAt(Instant.now()).build();
    }

    private Contact contact(String contactId, String number) {
        return Contact.newBuilder().setCampaignId(campaign.campaignId()).setContactId(contactId).setPhoneNumber(number)
                .setTimeZone("America/New_York").setCreatedAt(Instant.now()).build();
    }

    private static DncEntry dnc(String number) {
        return DncEntry.newBuilder().setPhoneNumber(number).setReason("corpus").setAddedAt(Instant.now()).build();
    }

    private static CallEvent event(String attemptId, CallStatus status, int attemptNumber) {
        return CallEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAttemptId(attemptId).setStatus(status)
                .setSource(EventSource.WEBHOOK).setAttemptNumber(attemptNumber).setOccurredAt(Instant.now()).build();
    }

    /** Encoded with a writer schema whose CommandType has one more symbol: a newer producer's record. */
    private static byte[] unknownSymbol(CampaignCommand command) {
        String json = CampaignCommand.getClassSchema().toString().replace("\"CANCEL\",\"UNKNOWN\"]", "\"CANCEL\",\"EXPLODE\",\"UNKNOWN\"]");
        if (json.equals(CampaignCommand.getClassSchema().toString())) {
            throw new IllegalStateException("CommandType's symbols changed: update the corpus");
        }
        Schema newer = new Schema.Parser().parse(json);
        GenericRecord record = copy(command, newer);
        record.put("type", new GenericData.EnumSymbol(newer.getField("type").schema(), "EXPLODE"));
        return encodeGeneric(record, newer);
    }

    /** Encoded with a writer schema that lacks {@code field}: an older or broken producer's record. */
    private static byte[] withoutField(Contact contact, String field) {
        Schema full = Contact.getClassSchema();
        List<Schema.Field> fields = full.getFields().stream().filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal())).toList();
        Schema fewer = Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
        return encodeGeneric(copy(contact, fewer), fewer);
    }

    private static GenericRecord copy(SpecificRecordBase from, Schema to) {
        GenericRecord record = new GenericData.Record(to);
        for (Schema.Field f : to.getFields()) {
            Schema.Field source = from.getSchema().getField(f.name());
            Object value = from.get(source.pos());
            record.put(f.name(), value instanceof Instant i ? i.toEpochMilli() : value instanceof Enum<?> e ? e.name() : value);
        }
        return record;
    }

    private static byte[] encodeGeneric(GenericRecord record, Schema schema) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        b[0] = 0x42; // never the single-object marker C3 01 by chance
        return b;
    }

    private String text(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }
}
