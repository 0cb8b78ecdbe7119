package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CommandType;
import com.dialer.avro.Disposition;

class SchemaEvolutionTest {

    /**
     * Backward: the current reader reads what every released writer wrote. Forward: every released
     * reader (an instance not yet upgraded) reads what the current writer writes. Both, because a
     * rolling deploy runs old and new side by side in either order.
     */
    @Test
    void everySchemaIsBackwardAndForwardCompatibleWithEveryReleasedVersion() {
        Map<String, Schema> current = Schemas.CURRENT.stream()
                .collect(Collectors.toMap(Schema::getFullName, Function.identity()));
        var history = KnownSchemas.history(getClass().getClassLoader());
        assertThat(history).isNotEmpty();
        for (Schema released : history) {
            Schema now = current.get(released.getFullName());
            assertThat(now).as("a current schema for the released %s", released.getFullName()).isNotNull();
            var backward = SchemaCompatibility.checkReaderWriterCompatibility(now, released);
            assertThat(backward.getType()).as("the current %s reading a released writer: %s", now.getName(), backward.getDescription())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            var forward = SchemaCompatibility.checkReaderWriterCompatibility(released, now);
            assertThat(forward.getType()).as("a released %s reading the current writer: %s", now.getName(), forward.getDescription())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void aReleasedReaderReadsAnExpiredContactAsUnknownAndASettingsReaderIgnoresTheSchedule() throws Exception {
        // fresh samples, changed in place (a builder's copy would resolve classes before AvroSerde trusts ours)
        CallOutcome expired = outcome();
        expired.setDisposition(Disposition.EXPIRED);
        CampaignSettings settings = SampleRecords.settings();
        settings.setStartAt(SampleRecords.NOW);
        settings.setEndAt(SampleRecords.NOW.plusSeconds(3600));
        CampaignCommand scheduled = CampaignCommand.newBuilder().setCommandId("cmd-1").setCampaignId("camp-1")
                .setClientId("client-42").setType(CommandType.CREATE).setIssuedAt(SampleRecords.NOW)
                .setSettings(settings).build();
        int versions = 0;
        for (Schema released : KnownSchemas.history(getClass().getClassLoader())) {
            if (released.getFullName().equals(CallOutcome.getClassSchema().getFullName())) {
                assertThat(readAs(released, expired).get("disposition").toString()).as(released.toString()).isEqualTo("UNKNOWN");
                versions++;
            }
            if (released.getFullName().equals(CampaignCommand.getClassSchema().getFullName())) {
                GenericRecord read = (GenericRecord) readAs(released, scheduled).get("settings");
                assertThat(read.get("callerId").toString()).isEqualTo(settings.getCallerId());
                versions++;
            }
        }
        assertThat(versions).as("released CallOutcome and CampaignCommand versions read").isGreaterThanOrEqualTo(2);
    }

    private static CallOutcome outcome() {
        return SampleRecords.all().stream().filter(CallOutcome.class::isInstance).map(CallOutcome.class::cast)
                .findFirst().orElseThrow();
    }

    /** The record as a service writes it, read by {@code reader}: the body after the single-object header. */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecordBase> GenericRecord readAs(Schema reader, T written) throws Exception {
        byte[] encoded = AvroSerde.of((Class<T>) written.getClass()).serialize("any", written);
        int header = 10; // C3 01 and the 8-byte fingerprint
        return new GenericDatumReader<GenericRecord>(written.getSchema(), reader)
                .read(null, DecoderFactory.get().binaryDecoder(encoded, header, encoded.length - header, null));
    }

    @Test
    void everyEnumHasADefaultSoNewSymbolsDoNotBreakOldReaders() {
        for (Schema s : Schemas.CURRENT) {
            s.getFields().stream().map(f -> unwrap(f.schema())).filter(t -> t.getType() == Schema.Type.ENUM)
                    .forEach(e -> assertThat(e.getEnumDefault()).as("default of enum %s", e.getFullName()).isNotNull());
        }
    }

    @Test
    void fingerprintsOfTheCurrentSchemasAreDistinct() {
        assertThat(Schemas.CURRENT.stream().map(KnownSchemas::fingerprint).distinct().count())
                .isEqualTo(Schemas.CURRENT.size());
    }

    private static Schema unwrap(Schema s) {
        return s.getType() == Schema.Type.UNION
                ? s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElse(s) : s;
    }
}
