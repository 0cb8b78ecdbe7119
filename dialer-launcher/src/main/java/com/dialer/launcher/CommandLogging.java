package com.dialer.launcher;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where a {@code ./dialer} command's logs go: everything to a file, the terminal's stderr what the console
 * level lets through, stdout nothing — stdout is the command's own output (the demo's summary, {@code campaign
 * submit}'s JSON), which scripts parse. Libraries that log through {@code java.util.logging} (Jersey, in
 * Connect's REST server) would print to stderr in their own format; they are bridged into the same log.
 */
public final class CommandLogging {

    private CommandLogging() {
    }

    /**
     * Call first in {@code main}, before any logger exists.
     *
     * @param logFile      the whole log, at INFO
     * @param consoleLevel the least level shown on stderr; null for INFO
     */
    public static void configure(String logFile, String consoleLevel) {
        // local-stack ships a logback-test.xml for the test suites; the command line has its own
        System.setProperty("logback.configurationFile", "logback-dialer.xml");
        System.setProperty("dialer.log.file", logFile);
        if (consoleLevel != null) {
            System.setProperty("dialer.console.level", consoleLevel);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
