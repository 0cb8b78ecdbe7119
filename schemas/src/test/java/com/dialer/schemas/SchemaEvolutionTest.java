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
