package com.dialer.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.dialer.stack.ClassPathJars;

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
        return command(mainClass, args, tmpDir, logConfig, classDataArchive, List.of());
    }

    /** @param classPathFirst entries ahead of this build's class path: another build of some classes and resources */
    static List<String> command(String mainClass, List<String> args, Path tmpDir, Path logConfig, Path classDataArchive,
                                List<Path> classPathFirst) {
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
        List<String> classPath = new ArrayList<>(classPathFirst.stream().map(Path::toString).toList());
        classPath.add(ClassPathJars.of());
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath), mainClass));
        command.addAll(args);
        return command;
    }
}
