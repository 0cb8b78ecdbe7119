package com.dialer.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The jars of this JVM's class path, as the class path of a child JVM (a broker, a service) started
 * from it. Directories (a module's own classes, a test's) are left out: a class data archive can only
 * hold classes from jars, and no child needs them.
 */
public final class ClassPathJars {
    private ClassPathJars() {
    }

    public static String of() {
        return Arrays.stream(ownClassPath().split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * This JVM's class path. Surefire and Failsafe may start tests with a manifest-only jar whose
     * {@code Class-Path} holds the real entries; those are expanded.
     */
    private static String ownClassPath() {
        String own = System.getProperty("java.class.path");
        String[] entries = own.split(File.pathSeparator);
        if (entries.length != 1 || !entries[0].endsWith(".jar")) {
            return own;
        }
        try (JarFile jar = new JarFile(entries[0])) {
            Manifest manifest = jar.getManifest();
            String listed = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (listed == null || listed.isBlank()) {
                return own;
            }
            URI base = Path.of(entries[0]).toAbsolutePath().toUri();
            List<String> paths = new ArrayList<>();
            for (String entry : listed.trim().split("\\s+")) {
                paths.add(Path.of(base.resolve(entry)).toString());
            }
            return String.join(File.pathSeparator, paths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path from " + entries[0], e);
        }
    }
}
