package com.dialer.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a server process in a session of its own ({@code setsid}), out of the launcher's process group:
 * Ctrl-C in a terminal signals the whole foreground group, and a redis-server or broker that took it would
 * die before the services that use it are stopped, leaving each service's last Redis command to wait out
 * its timeout. The JVM that started the server stops it, in order, after the services. {@code setsid}
 * execs in place (a ProcessBuilder child is no group leader), so the process is still the server's.
 */
final class OwnSession {

    private static final Path SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream()
            .filter(Files::isExecutable).findFirst().orElse(null);

    private OwnSession() {
    }

    /** The command run in a session of its own, or as it is where {@code setsid} is missing. */
    static List<String> command(List<String> command) {
        if (SETSID == null) {
            return command;
        }
        List<String> detached = new ArrayList<>(command.size() + 1);
        detached.add(SETSID.toString());
        detached.addAll(command);
        return detached;
    }
}
