package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallRecord;
import com.dialer.avro.DialRequest;

class NextVersionTest {

    @Test
    void theNextVersionIsBuiltFromTheCurrentSourcesAndEachSchemaReadsAndIsReadByTheCurrentOne() throws Exception {
        NextVersion next = NextVersion.build(Path.of("target", "next-version-test"));

        // the N+1 classes come first on a class path: each has the field, and old and new schemas resolve both ways
        try (URLClassLoader n1 = new URLClassLoader(new URL[] {next.jar().toUri().toURL()}, getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                // child first, as a class path with the jar ahead of this build's
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try {
                            c = findClass(name);
                        } catch (ClassNotFoundException notInJar) {
                            return super.loadClass(name, resolve);
                        }
                    }
                    return c;
                }
            }
        }) {
            for (Class<?> current : List.of(DialRequest.class, CallEvent.class, CallRecord.class)) {
                Schema now = ((SpecificRecordBase) current.getDeclaredConstructor().newInstance()).getSchema();
                Schema nextSchema = ((SpecificRecordBase) n1.loadClass(current.getName()).getDeclaredConstructor().newInstance()).getSchema();
                assertThat(nextSchema.getField(NextVersion.FIELD)).as(current.getSimpleName()).isNotNull();
                assertThat(nextSchema.getFields()).hasSize(now.getFields().size() + 1);
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, nextSchema).getType())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(nextSchema, now).getType())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            }
            assertThat(n1.loadClass("com.dialer.status.Attempt").getDeclaredField(NextVersion.FIELD)).isNotNull();
            String script = new String(n1.findResource(NextVersion.RESERVE_SCRIPT).openStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script).contains("'" + NextVersion.RESERVED_BY + "'");
        }
    }

    @Test
    void aPatchWhoseTextIsGoneFailsTheBuildNamingTheFileAndTheText() {
        NextVersion.SourcePatch patch = new NextVersion.SourcePatch("x/Y.java", ".setDuration(d) .setReason(reason)", ".setReason(r)");
        // reformatted code still matches: a run of whitespace in the text matches any
        assertThat(patch.applyTo("a\n   .setDuration(d)\n        .setReason(reason)\n b")).isEqualTo("a\n   .setReason(r)\n b");
        assertThatThrownBy(() -> patch.applyTo("nothing here")).hasMessageContaining("x/Y.java").hasMessageContaining(".setDuration(d) .setReason(reason)");
        assertThatThrownBy(() -> patch.applyTo(".setDuration(d).setReason(reason) .setDuration(d) .setReason(reason)")).hasMessageContaining("more than once");
    }
}
