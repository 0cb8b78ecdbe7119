package com.dialer.launcher.stack;

import java.nio.file.Path;
import com.dialer.state.callerid.CallerIdPools;

import picocli.CommandLine.Option;

/**
 * The option of {@code ./dialer up} and {@code ./dialer demo} that gives the executor the clients' caller-ID
 * pools (its {@code CALLER_ID_POOLS_FILE}), read and checked here first as the executor will read it.
 */
public final class CallerIdPoolOption {

    @Option(names = {"--caller-id-pools", "--caller-id-pool"}, paramLabel = "FILE",
            description = "a caller-ID pools file (JSON: client -> pool name -> numbers with regions and daily caps; "
                    + "examples/caller-id-pools.json): campaigns naming one as callerIdPool call from its numbers")
    Path file;

    /** The file, or null when not given. */
    public Path file() {
        return file;
    }

    /** The pools in the file (none when not given); an IllegalArgumentException names the key and the entry. */
    public CallerIdPools pools() {
        return CallerIdPools.read(file);
    }
}
