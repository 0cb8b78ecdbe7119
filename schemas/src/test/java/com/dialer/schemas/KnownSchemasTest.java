package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import com.dialer.avro.CallEvent;

class KnownSchemasTest {
    private final CallEvent event = SampleRecords.all().stream().filter(CallEvent.class::isInstance)
            .map(CallEvent.class::cast).findFirst().orElseThrow();
    private final Schema next = withOptionalField(CallEvent.getClassSchema(), "carrierNote");

    @Test
    void aWriterSchemaThisBuildNeverSawIsFoundInThePublishedSchemasAndResolved() {
        KnownSchemas known = KnownSchemas.load();
        known.consult(fp -> fp == KnownSchemas.fingerprint(next) ? Optional.of(next) : Optional.empty());

        CallEvent read = new AvroSerde<>(CallEvent.class, known).deserialize("call-events", writtenWithNext("from N+1"));

        assertThat(read).isEqualTo(event);
    }

    @Test
    void aSourceForgottenLeavesTheOthersOfTheProcessConsulted() {
        KnownSchemas known = KnownSchemas.load();
        KnownSchemas.Source topic = fp -> fp == KnownSchemas.fingerprint(next) ? Optional.of(next) : Optional.empty();
        KnownSchemas.Source closedLater = fp -> Optional.empty();
        known.consult(topic);
        known.consult(closedLater);

        known.forget(closedLater);

        assertThat(known.findByFingerprint(KnownSchemas.fingerprint(next))).isEqualTo(next);
    }

    @Test
    void aPublishedSchemaIsLookedUpOnceThenKept() {
        KnownSchemas known = KnownSchemas.load();
        AtomicInteger asked = new AtomicInteger();
        known.consult(fp -> {
            asked.incrementAndGet();
            return fp == KnownSchemas.fingerprint(next) ? Optional.of(next) : Optional.empty();
        });
        var serde = new AvroSerde<>(CallEvent.class, known);

        serde.deserialize("call-events", writtenWithNext("one"));
        serde.deserialize("call-events", writtenWithNext("two"));

        assertThat(asked).hasValue(1);
    }

    @Test
    void aFingerprintNoSchemaKnowsStillFailsAsUnknownAndIsAskedAgainNextTime() {
        KnownSchemas known = KnownSchemas.load();
        AtomicInteger asked = new AtomicInteger();
        known.consult(fp -> {
            asked.incrementAndGet();
            return Optional.empty();
        });
        var serde = new AvroSerde<>(CallEvent.class, known);
        byte[] bytes = writtenWithNext("nobody published me");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> serde.deserialize("call-events", bytes))
                    .isInstanceOf(AvroDecodingException.class).hasMessageContaining("unknown schema fingerprint");
        }
        assertThat(asked).hasValue(2);
    }

    @Test
    void aSourceAnsweringAnotherSchemaThanTheFingerprintAskedForIsNotBelieved() {
        KnownSchemas known = KnownSchemas.load();
        known.consult(fp -> Optional.of(withOptionalField(CallEvent.getClassSchema(), "somethingElse")));

        assertThat(known.findByFingerprint(KnownSchemas.fingerprint(next))).isNull();
    }

    @Test
    void theCurrentAndReleasedSchemasAreKnownWithoutAnySource() {
        KnownSchemas known = KnownSchemas.load();
        known.consult(fp -> {
            throw new AssertionError("a known schema was looked up");
        });

        assertThat(known.all()).allSatisfy(s -> assertThat(known.findByFingerprint(KnownSchemas.fingerprint(s))).isNotNull());
    }

    @Test
    void aWriterPublishesItsSchemaBeforeItsFirstRecordAndOnlyOnce() {
        KnownSchemas known = KnownSchemas.load();
        List<Schema> publications = new ArrayList<>();
        known.consult(new KnownSchemas.Source() {
            @Override
            public Optional<Schema> find(long fingerprint) {
                return Optional.empty();
            }

            @Override
            public void publish(Schema schema) {
                publications.add(schema);
            }
        });
        var serde = new AvroSerde<>(CallEvent.class, known);

        serde.serialize("call-events", event);
        serde.serialize("call-events", event);

        assertThat(publications).containsExactly(CallEvent.getClassSchema());
    }

    @Test
    void aSerdeUsedBeforeTheProcessConnectedPublishesOnceItIs() {
        KnownSchemas known = KnownSchemas.load();
        var serde = new AvroSerde<>(CallEvent.class, known);
        serde.serialize("call-events", event);
        List<Schema> publications = new ArrayList<>();
        known.consult(new KnownSchemas.Source() {
            @Override
            public Optional<Schema> find(long fingerprint) {
                return Optional.empty();
            }

            @Override
            public void publish(Schema schema) {
                publications.add(schema);
            }
        });

        serde.serialize("call-events", event);

        assertThat(publications).containsExactly(CallEvent.getClassSchema());
    }

    @Test
    void aWriterThatCannotPublishItsSchemaWritesNothing() {
        KnownSchemas known = KnownSchemas.load();
        known.consult(new KnownSchemas.Source() {
            @Override
            public Optional<Schema> find(long fingerprint) {
                return Optional.empty();
            }

            @Override
            public void publish(Schema schema) {
                throw new IllegalStateException("cannot publish schemas to schemas: broker down");
            }
        });
        var serde = new AvroSerde<>(CallEvent.class, known);

        assertThatThrownBy(() -> serde.serialize("call-events", event))
                .isInstanceOf(SerializationException.class).hasMessageContaining("broker down");
    }

    private byte[] writtenWithNext(String note) {
        GenericRecord record = new GenericData.Record(next);
        CallEvent.getClassSchema().getFields().forEach(f -> record.put(f.name(), event.get(f.name())));
        record.put("carrierNote", note);
        // the generated model knows the logical types (timestamps as Instant) of the copied values
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(SpecificData.getForClass(CallEvent.class), next).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Version N+1 of a record schema: one more optional field, null by default. */
    static Schema withOptionalField(Schema current, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added by version N+1", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }
}
