package com.dialer.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.Schema;

/**
 * The released schemas, kept in {@code history/} (listed in its {@code INDEX}): what every reader must
 * keep reading and what every new version must stay compatible with, both ways. A release runs
 * {@link #main} (see the schemas README), which adds each current schema whose fingerprint is not in
 * the history yet as {@code <Name>.v<n+1>.avsc}, self-contained (named types inlined), and lists it.
 */
public final class SchemaHistory {
    public static final String DIRECTORY = "schemas/src/main/resources/com/dialer/schemas/history";
    private static final Pattern VERSIONED = Pattern.compile("(.+)\\.v(\\d+)\\.avsc");

    private SchemaHistory() {
    }

    /** {@code SchemaHistory [directory]}: releases {@link Schemas#CURRENT} into the history directory. */
    public static void main(String[] args) {
        Path directory = Path.of(args.length > 0 ? args[0] : DIRECTORY);
        List<Path> added = release(directory, Schemas.CURRENT);
        System.out.println(added.isEmpty() ? "every current schema is already in " + directory : "released " + added);
    }

    /** Adds each schema whose fingerprint no file of {@code directory} has; answers the files written. */
    public static List<Path> release(Path directory, List<Schema> current) {
        try {
            Files.createDirectories(directory);
            Set<Long> released = new HashSet<>();
            List<String> files = files(directory);
            for (String file : files) {
                released.add(KnownSchemas.fingerprint(new Schema.Parser().parse(directory.resolve(file).toFile())));
            }
            List<Path> added = new ArrayList<>();
            for (Schema schema : current) {
                if (released.add(KnownSchemas.fingerprint(schema))) {
                    String file = schema.getName() + ".v" + (lastVersion(files, schema.getName()) + 1) + ".avsc";
                    Files.writeString(directory.resolve(file), schema.toString(true) + "\n", StandardCharsets.UTF_8);
                    Files.writeString(directory.resolve("INDEX"), file + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    files.add(file);
                    added.add(directory.resolve(file));
                }
            }
            return added;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release schemas into " + directory, e);
        }
    }

    private static List<String> files(Path directory) throws IOException {
        Path index = directory.resolve("INDEX");
        if (!Files.exists(index)) {
            return new ArrayList<>();
        }
        return new ArrayList<>(KnownSchemas.lines(index.toUri().toURL()));
    }

    private static int lastVersion(List<String> files, String name) {
        int last = 0;
        for (String file : files) {
            Matcher m = VERSIONED.matcher(file);
            if (m.matches() && m.group(1).equals(name)) {
                last = Math.max(last, Integer.parseInt(m.group(2)));
            }
        }
        return last;
    }
}
