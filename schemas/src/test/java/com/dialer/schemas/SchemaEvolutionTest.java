package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    @Test
    void everyReleasedVersionIsReadableByTheCurrentSchema() {
        Map<String, Schema> current = Schemas.CURRENT.stream()
                .collect(Collectors.toMap(Schema::getFullName, Function.identity()));
        var history = KnownSchemas.history(getClass().getClassLoader());
        assertThat(history).isNotEmpty();
        for (Schema old : history) {
            Schema reader = current.get(old.getFullName());
            assertThat(reader).as("a current schema for %s", old.getFullName()).isNotNull();
            var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, old);
            assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
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
