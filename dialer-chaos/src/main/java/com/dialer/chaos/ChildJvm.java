package com.dialer.chaos;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The command line of a service's JVM: this JVM's {@code java}, this JVM's class path (every
 * deployable of the project is on the suite's class path), a small heap, its own temp directory
 * (Kafka Streams keeps its state under {@code java.io.tmpdir} unless told otherwise) and the log
 * configuration.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    static List<String> command(String mainClass, List<String> args, Path tmpDir, Path logConfig, Path classDataArchive) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                // services start and restart often, several at once on few cores: C1 only and a class data
                // archive (written at the first graceful exit, read by every later start) make starts cheap
                "-XX:TieredStopAtLevel=1", "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + classDataArchive,
                "-Xlog:cds*=off,aot*=off", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmpDir,
                "-Dlogback.configurationFile=" + logConfig));
        if (Runtime.version().feature() >= 23) {
            // Kafka's and Netty's use of sun.misc.Unsafe warns from JDK 23 on; the flag does not exist before
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", classPath(), mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * The jars of this JVM's class path: every deployable's. Directories (this module's own classes, a
     * test's) are left out: the services do not need them, and a class data archive can only hold
     * classes from jars.
     */
    static String classPath() {
        return java.util.Arrays.stream(ownClassPath().split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
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
