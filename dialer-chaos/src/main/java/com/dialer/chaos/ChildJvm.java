package com.dialer.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
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

    /**
     * Writes the class data archive of a ready JVM started without one ({@code jcmd VM.cds dynamic_dump}), for
     * every later start of it; a no-op when the archive exists. Best effort: a failure only costs later starts time.
     */
    static void writeArchive(long pid, Path classDataArchive) {
        if (Files.exists(classDataArchive) || pid < 0) {
            return;
        }
        Path partial = classDataArchive.resolveSibling(classDataArchive.getFileName() + ".part");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "VM.cds", "dynamic_dump", partial.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (jcmd.waitFor(120, TimeUnit.SECONDS) && jcmd.exitValue() == 0 && Files.exists(partial)) {
                Files.move(partial, classDataArchive, StandardCopyOption.ATOMIC_MOVE);
            } else {
                jcmd.destroyForcibly();
                LOG.warn("no class data archive {} from pid {}: later starts go without one", classDataArchive, pid);
            }
        } catch (IOException e) {
            LOG.warn("no class data archive {}: {}", classDataArchive, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                // archive make starts cheap. The archive is written from a running instance once it is ready
                // (writeArchive), never at exit: a JVM that dumps its classes while stopping takes tens of seconds
                // on a loaded machine, and its SIGTERM would look ignored
                "-XX:TieredStopAtLevel=1", Files.exists(classDataArchive) ? "-XX:SharedArchiveFile=" + classDataArchive
                        : "-XX:+RecordDynamicDumpInfo",
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
