package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.EventSource;

class AvroSerdeTest {

    static Iterable<SpecificRecordBase> samples() {
        return SampleRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everySchemaRoundTrips(SpecificRecordBase record) {
        AvroSerde serde = AvroSerde.of(record.getClass());
        byte[] bytes = serde.serialize("t", record);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(record);
    }

    @Test
    void everyTopicValueTypeHasASample() {
        assertThat(SampleRecords.all()).extracting(r -> r.getSchema().getFullName())
                .containsExactlyInAnyOrderElementsOf(Schemas.CURRENT.stream().map(Schema::getFullName).toList());
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void anOldWriterIsReadByTheNewReaderWithDefaultsForAddedFields() throws Exception {
        Schema v0 = KnownSchemas.history(getClass().getClassLoader()).stream()
                .filter(s -> s.getName().equals("CallEvent")).findFirst().orElseThrow();
        assertThat(v0.getField("reason")).isNull();
        GenericRecord old = new GenericData.Record(v0);
        for (Schema.Field f : v0.getFields()) {
            old.put(f.name(), null);
        }
        old.put("eventId", "e-9");
        old.put("attemptId", "a-9");
        old.put("status", new GenericData.EnumSymbol(v0.getField("status").schema(), "RINGING"));
        old.put("source", new GenericData.EnumSymbol(v0.getField("source").schema(), "WEBHOOK"));
        old.put("occurredAt", 1_700_000_000_000L);
        old.put("plivoCallUuid", "call-9");
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old);

        CallEvent read = AvroSerde.of(CallEvent.class).deserialize("call-events", toBytes(written));

        assertThat(read.getAttemptId()).isEqualTo("a-9");
        assertThat(read.getStatus()).isEqualTo(CallStatus.RINGING);
        assertThat(read.getSource()).isEqualTo(EventSource.WEBHOOK);
        assertThat(read.getPlivoCallUuid()).isEqualTo("call-9");
        assertThat(read.getReason()).isNull();
        assertThat(read.getTimeLimitSeconds()).isNull();
    }

    @Test
    void anUnknownFingerprintNamesTheTopicAndTheReason() throws Exception {
        Schema stranger = SchemaBuilder.record("Stranger").namespace("elsewhere").fields().requiredString("x").endRecord();
        GenericRecord r = new GenericData.Record(stranger);
        r.put("x", "y");
        byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), stranger).encode(r));

        assertThatThrownBy(() -> AvroSerde.of(CallEvent.class).deserialize("call-events", bytes))
                .isInstanceOf(AvroDecodingException.class)
                .hasMessageContaining("call-events")
                .hasMessageContaining("unknown schema fingerprint")
                .satisfies(e -> assertThat(((AvroDecodingException) e).topic()).isEqualTo("call-events"));
    }

    @Test
    void bytesWithoutTheSingleObjectHeaderAreRejectedWithTheReason() {
        assertThatThrownBy(() -> AvroSerde.of(CallEvent.class).deserialize("call-events", "{\"json\":true}".getBytes()))
                .isInstanceOf(AvroDecodingException.class)
                .hasMessageContaining("call-events")
                .hasMessageContaining("not Avro single-object encoding");
    }

    @Test
    void aTruncatedOrCorruptBodyIsRejectedWithTheReason() {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class);
        byte[] good = serde.serialize("call-events", (CallEvent) SampleRecords.all().get(4));
        byte[] truncated = Arrays.copyOf(good, 14);
        byte[] garbled = good.clone();
        for (int i = 10; i < garbled.length; i++) {
            garbled[i] = (byte) 0xFF;
        }

        assertThatThrownBy(() -> serde.deserialize("call-events", truncated))
                .isInstanceOf(AvroDecodingException.class).hasMessageContaining("corrupt CallEvent body");
        assertThatThrownBy(() -> serde.deserialize("call-events", garbled))
                .isInstanceOf(AvroDecodingException.class).hasMessageContaining("call-events");
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
