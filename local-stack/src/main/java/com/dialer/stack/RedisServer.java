package com.dialer.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server process on loopback: {@code redis-server} from the PATH when there is one,
 * else the Linux binary shipped in {@code com.github.codemonstur:embedded-redis}. Runs with
 * {@code maxmemory-policy noeviction} (an evicted lease is an overshoot) and no persistence, so
 * {@link #restartEmpty()} models the loss of a Redis node.
 */
public final class RedisServer implements AutoCloseable {
    static final String EMBEDDED_BINARY = "redis-server-6.2.6-v5-linux-amd64";
    /** {@link #embedded()}, once extracted. */
    private static Path embeddedBinary;

    private final Path binary;
    private final int port;
    /** What comes before and after the standard options: a config file first (a Sentinel's), then extra options. */
    private final List<String> leading;
    private final List<String> trailing;
    private Process process;

    private RedisServer(Path binary, int port, List<String> leading, List<String> trailing) {
        this.binary = binary;
        this.port = port;
        this.leading = List.copyOf(leading);
        this.trailing = List.copyOf(trailing);
    }

    public static RedisServer start() {
        return start(FreePort.next(), List.of(), List.of());
    }

    /** A server on {@code port} with {@code leading} arguments before the standard options and {@code trailing} after. */
    static RedisServer start(int port, List<String> leading, List<String> trailing) {
        RedisServer server = new RedisServer(findBinary(), port, leading, trailing);
        server.startProcess();
        return server;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** A Lettuce URI. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path binary() {
        return binary;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server the hard way (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Starts the server again on the same port, with no data. */
    public synchronized void restartEmpty() {
        kill();
        startProcess();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            waitFor(process);
            process = null;
        }
    }

    /** The server's process id, or -1 while it is stopped. */
    synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    private synchronized void startProcess() {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(leading);
        command.addAll(List.of("--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--save", "",
                "--appendonly", "no",
                "--maxmemory-policy", "noeviction",
                "--loglevel", "warning"));
        command.addAll(trailing);
        try {
            process = new ProcessBuilder(OwnSession.command(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        awaitPort(Duration.ofSeconds(10));
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " (port " + port + ")");
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not open port " + port + " within " + timeout);
    }

    static Path findBinary() {
        Optional<Path> onPath = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> List.of(p.split(java.io.File.pathSeparator)).stream())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
        return onPath.orElseGet(RedisServer::embedded);
    }

    /** The embedded binary, extracted (or found extracted) once per JVM: a cluster starts six nodes from it. */
    private static synchronized Path embedded() {
        if (embeddedBinary == null) {
            embeddedBinary = extractEmbedded();
        }
        return embeddedBinary;
    }

    private static Path extractEmbedded() {
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("no redis-server on the PATH, and the embedded binary is for linux-amd64 only (this is "
                    + os + "/" + arch + "): install Redis");
        }
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(EMBEDDED_BINARY)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and no " + EMBEDDED_BINARY + " on the class path");
            }
            return extracted(in.readAllBytes(), Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the embedded redis-server", e);
        }
    }

    /**
     * One copy per user and binary under {@code tmp}, shared by every start and every JVM: a copy per start was
     * left behind by every JVM that did not exit cleanly (a killed test, a stopped build). Written beside its final
     * name and moved into place, so a concurrent start never runs half a file; a folder that is not the user's own is
     * not trusted, and a fresh one is used instead.
     */
    static Path extracted(byte[] binary, Path tmp) throws IOException {
        var ownerOnly = PosixFilePermissions.fromString("rwx------");
        String user = System.getProperty("user.name");
        Path dir = tmp.resolve("dialer-redis-" + user);
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
        if (!Files.getOwner(dir).getName().equals(user) || !Files.getPosixFilePermissions(dir).equals(ownerOnly)) {
            dir = Files.createTempDirectory(tmp, "dialer-redis");
        }
        Path target = dir.resolve(EMBEDDED_BINARY);
        if (Files.isExecutable(target) && Arrays.equals(Files.readAllBytes(target), binary)) {
            return target;
        }
        Path part = Files.createTempFile(dir, EMBEDDED_BINARY, ".part");
        Files.write(part, binary);
        Files.setPosixFilePermissions(part, ownerOnly);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
