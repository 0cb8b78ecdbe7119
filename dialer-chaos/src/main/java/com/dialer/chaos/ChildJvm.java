package com.dialer.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.stack.ClassPathJars;

/**
 * The command line of a service's JVM: this JVM's {@code java}, this JVM's class path (every
 * deployable of the project is on the suite's class path), a small heap, its own temp directory
 * (Kafka Streams keeps its state under {@code java.io.tmpdir} unless told otherwise) and the log
 * configuration.
 */
final class ChildJvm {
    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);

    private ChildJvm() {
    }

    /** The option a JVM gets when it is to write its class data archive as it exits (ServiceProcess allows it the time). */
    static final String ARCHIVE_AT_EXIT = "-XX:ArchiveClassesAtExit=";

    /**
     * @param classPathFirst entries ahead of this build's class path: another build of some classes and resources
     * @param jvm            heap, collector and compilers
     */
    static List<String> command(String mainClass, List<String> args, Path tmpDir, Path logConfig, Path classDataArchive,
                                List<Path> classPathFirst, JvmOptions jvm) {
        List<String> classPath = new ArrayList<>(classPathFirst.stream().map(Path::toString).toList());
        classPath.add(ClassPathJars.of());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm.options());
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError",
                // a class data archive, written at the first graceful exit and read by every later start, makes starts cheap
                classDataOption(classDataArchive, classPath),
                "-Xlog:cds*=off,aot*=off", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmpDir,
                "-Dlogback.configurationFile=" + logConfig));
        if (Runtime.version().feature() >= 23) {
            // Kafka's and Netty's use of sun.misc.Unsafe warns from JDK 23 on; the flag does not exist before
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath), mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * Reads the archive, or writes it at exit when there is none or the class path was rebuilt since (a stale archive
     * would be silently ignored, and written again by no one). Not {@code AutoCreateSharedArchive}: with it no one can
     * tell beforehand whether a stop will spend tens of seconds writing one.
     */
    private static String classDataOption(Path classDataArchive, List<String> classPath) {
        try {
            if (Files.exists(classDataArchive) && Files.getLastModifiedTime(classDataArchive).toMillis() >= newest(classPath)) {
                return "-XX:SharedArchiveFile=" + classDataArchive;
            }
            Files.deleteIfExists(classDataArchive);
        } catch (IOException e) {
            LOG.warn("class data archive {}: {}", classDataArchive, e.toString());
        }
        return ARCHIVE_AT_EXIT + classDataArchive;
    }

    private static long newest(List<String> classPath) throws IOException {
        long newest = 0;
        for (String entries : classPath) {
            for (String entry : entries.split(java.io.File.pathSeparator)) {
                Path jar = Path.of(entry);
                if (Files.exists(jar)) {
                    newest = Math.max(newest, Files.getLastModifiedTime(jar).toMillis());
                }
            }
        }
        return newest;
    }
}
