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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * The one resolver of writer schemas for every serde of the process: the current generated classes,
 * every released older version kept under {@code com/dialer/schemas/history/} (each history folder on
 * the class path lists its files in an {@code INDEX} file, one per line), and, for a fingerprint this
 * build has never seen (a newer writer deployed first), the schemas writers published where every
 * reader finds them ({@link Source}, in production the {@link SchemaTopic}). A schema found there is
 * kept for the life of the process; a fingerprint found nowhere is not, so it is looked up again.
 */
public final class KnownSchemas implements SchemaStore {
    static final String HISTORY_INDEX = "com/dialer/schemas/history/INDEX";

    /** Where writers publish their schemas and readers look up the ones their build does not know. */
    @FunctionalInterface
    public interface Source {
        /** The schema with this CRC-64-AVRO parsing fingerprint, if any writer published it. */
        Optional<Schema> find(long fingerprint);

        /** Makes sure readers can find {@code schema} before a record written with it exists; throws if it cannot. */
        default void publish(Schema schema) {
        }
    }

    private final List<Schema> schemas;
    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();
    // several in one process when services share it (the launcher's stack): the latest publishes
    private final List<Source> published = new CopyOnWriteArrayList<>();

    private KnownSchemas(List<Schema> schemas) {
        this.schemas = List.copyOf(schemas);
        this.schemas.forEach(s -> byFingerprint.putIfAbsent(fingerprint(s), s));
    }

    /** The resolver every {@link AvroSerde#of} of this process shares. */
    public static KnownSchemas shared() {
        return Shared.KNOWN;
    }

    /** Looks fingerprints this build does not know up in {@code source} from now on, and publishes there. */
    public void consult(Source source) {
        published.add(source);
    }

    /** Stops consulting {@code source} (a closed source stays closed). */
    void forget(Source source) {
        published.remove(source);
    }

    /**
     * Called before a record is written with {@code writer} until it answers true: publishes the schema
     * where readers look, if this process is connected to such a place yet.
     */
    public boolean beforeWriting(Schema writer) {
        Source latest = null;
        for (Source source : published) {
            latest = source;
        }
        if (latest == null) {
            return false;
        }
        latest.publish(writer);
        return true;
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        Schema known = byFingerprint.get(fingerprint);
        if (known != null) {
            return known;
        }
        for (Source source : published) {
            Optional<Schema> found = source.find(fingerprint).filter(s -> fingerprint(s) == fingerprint);
            if (found.isPresent()) {
                byFingerprint.putIfAbsent(fingerprint, found.get());
                return found.get();
            }
        }
        return null;
    }

    /** The current schemas and every history version found on the class path. */
    public static KnownSchemas load() {
        List<Schema> all = new ArrayList<>(Schemas.CURRENT);
        all.addAll(history(Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : KnownSchemas.class.getClassLoader()));
        return new KnownSchemas(all);
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

    private static final class Shared {
        static final KnownSchemas KNOWN = load();
    }

    static List<String> lines(URL url) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
