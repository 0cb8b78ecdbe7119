package com.dialer.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding ({@code C3 01}, 8-byte schema fingerprint, binary body) for one
 * generated type. The reader resolves any writer schema found in {@link KnownSchemas} (this build's
 * schemas, their released history, then the schemas writers published) against the type's current
 * schema; only a record no schema can read raises {@link AvroDecodingException}. Null stays null (tombstones). Encoders and decoders are thread-safe.
 */
public final class AvroSerde<T extends SpecificRecordBase> implements Serde<T>, Serializer<T>, Deserializer<T> {
    static final String GENERATED_PACKAGE = "com.dialer.avro";

    private final Class<T> type;
    private final KnownSchemas known;
    private final Schema schema;
    private volatile boolean announced;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    static {
        // Avro 1.12 resolves only trusted classes; ours are generated from our own schemas
        var previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                c -> c.getPackageName().equals(GENERATED_PACKAGE)));
    }

    public AvroSerde(Class<T> type, KnownSchemas known) {
        this.type = type;
        this.known = known;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, known);
    }

    public static <T extends SpecificRecordBase> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, KnownSchemas.shared());
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            if (!announced) {
                // no record a reader cannot resolve: the schema is published before the first one
                announced = known.beforeWriting(schema);
            }
            ByteBuffer buffer = encoder.encode(data);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode a " + type.getSimpleName() + " for topic '" + topic + "': " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new AvroDecodingException(topic, "unknown schema fingerprint (" + e.getMessage() + ")", e);
        } catch (BadHeaderException e) {
            throw new AvroDecodingException(topic, "not Avro single-object encoding: " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new AvroDecodingException(topic, "corrupt " + type.getSimpleName() + " body: " + e, e);
        } catch (RuntimeException e) {
            throw new AvroDecodingException(topic, "unreadable " + type.getSimpleName() + ": " + e, e);
        }
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // configured by construction
    }

    @Override
    public void close() {
        // nothing held
    }
}
