package com.dialer.archiver;

/**
 * The collection names, repeated here because the integration tests run without the module's main
 * classes (the worker loads them from plugin.path); {@code ArchiveDocumentsTest} checks they agree.
 */
final class ArchiveWriterNames {

    static final String CALLS = "calls";
    static final String CAMPAIGNS = "campaigns";

    private ArchiveWriterNames() {
    }
}
