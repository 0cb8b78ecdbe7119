package com.dialer.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every schema a reader may meet: the current generated classes plus every released older version
 * kept under {@code com/dialer/schemas/history/} (the registry lives in git, not in a server).
 * Each history folder on the class path lists its files in an {@code INDEX} file, one per line.
 */
public final class KnownSchemas {
    static final String HISTORY_INDEX = "com/dialer/schemas/history/INDEX";

    private final List<Schema> schemas;
    private final SchemaStore.Cache store = new SchemaStore.Cache();

    private KnownSchemas(List<Schema> schemas) {
        this.schemas = List.copyOf(schemas);
        this.schemas.forEach(store::addSchema);
    }

    /** The current schemas and every history version found on the class path. */
    public static KnownSchemas load() {
        List<Schema> all = new ArrayList<>(Schemas.CURRENT);
        all.addAll(history(Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : KnownSchemas.class.getClassLoader()));
        return new KnownSchemas(all);
    }

    public SchemaStore store() {
        return store;
    }

    public List<Schema> all() {
        return schemas;
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    static List<Schema> history(ClassLoader loader) {
        List<Schema> found = new ArrayList<>();
        try {
            Enumeration<URL> indexes = loader.getResources(HISTORY_INDEX);
            for (URL index : Collections.list(indexes)) {
                for (String file : lines(index)) {
                    URL schemaUrl = new URL(index, file);
                    // each old version gets its own parser: old and new share type names
                    try (InputStream in = schemaUrl.openStream()) {
                        found.add(new Schema.Parser().parse(in));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema history " + HISTORY_INDEX, e);
        }
        return found;
    }

    private static List<String> lines(URL url) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
