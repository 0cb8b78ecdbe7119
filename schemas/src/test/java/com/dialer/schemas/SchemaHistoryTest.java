package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.avro.CallEvent;
import com.dialer.avro.DncEntry;

class SchemaHistoryTest {
    @TempDir
    Path history;

    @Test
    void aReleaseAddsEachSchemaWhoseFingerprintIsNewAsItsNextVersion() throws Exception {
        SchemaHistory.release(history, List.of(CallEvent.getClassSchema(), DncEntry.getClassSchema()));
        Schema next = KnownSchemasTest.withOptionalField(CallEvent.getClassSchema(), "carrierNote");

        List<Path> added = SchemaHistory.release(history, List.of(next, DncEntry.getClassSchema()));

        assertThat(added).containsExactly(history.resolve("CallEvent.v2.avsc"));
        assertThat(Files.readAllLines(history.resolve("INDEX"))).containsExactly("CallEvent.v1.avsc", "DncEntry.v1.avsc", "CallEvent.v2.avsc");
        Schema written = new Schema.Parser().parse(history.resolve("CallEvent.v2.avsc").toFile());
        assertThat(KnownSchemas.fingerprint(written)).isEqualTo(KnownSchemas.fingerprint(next));
    }

    @Test
    void aReleaseWithNothingNewWritesNothing() {
        SchemaHistory.release(history, Schemas.CURRENT);

        assertThat(SchemaHistory.release(history, Schemas.CURRENT)).isEmpty();
    }
}
