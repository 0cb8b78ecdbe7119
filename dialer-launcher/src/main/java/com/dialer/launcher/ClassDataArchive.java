package com.dialer.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class-data archive {@code ./dialer} keeps per command. The JVM writes it when a run without one exits
 * (AutoCreateSharedArchive), however the run went: a run that failed at its options would leave an archive of
 * its few classes, which later runs use and the JVM never replaces. So a run that reached its working state
 * says so here, and {@code ./dialer} drops an archive whose run did not.
 */
public final class ClassDataArchive {

    /** The system property {@code ./dialer} sets to the mark's path when this run writes the archive. */
    static final String KEEP_MARK_PROPERTY = "dialer.cds.keep-mark";

    private ClassDataArchive() {
    }

    /** This run loaded what the command needs: the archive written at its exit is worth keeping. */
    public static void keep() {
        String mark = System.getProperty(KEEP_MARK_PROPERTY);
        if (mark == null) {
            return;
        }
        try {
            Files.writeString(Path.of(mark), "");
        } catch (IOException e) {
            // without the mark the next run writes the archive again: slower, never wrong
            org.slf4j.LoggerFactory.getLogger(ClassDataArchive.class).debug("class-data archive mark not written", e);
        }
    }
}
