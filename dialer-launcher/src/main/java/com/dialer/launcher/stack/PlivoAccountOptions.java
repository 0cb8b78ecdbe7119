package com.dialer.launcher.stack;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --accounts} and {@code --client-accounts} of {@code ./dialer up} and {@code ./dialer demo} ({@link StackOptions.Accounts}). */
public final class PlivoAccountOptions {

    @Option(names = "--accounts", paramLabel = "FILE",
            description = "more Plivo accounts (PLIVO_ACCOUNTS_FILE format: <account>.authId, .authToken|.authTokenFile|.authTokenEnv, .cps);"
                    + " with the simulator it serves each with its token and CPS; the demo's report shows each account's figures")
    public Path file;

    @Option(names = "--client-accounts", paramLabel = "CLIENT=ACCOUNT,...",
            description = "which client dials through which account (CLIENT_PLIVO_ACCOUNT; other clients use the default account;"
                    + " the demo's default with --accounts: its clients in turn over the file's accounts)")
    public String clientAccounts;

    /** The options given, checked for what needs no parsing; the stack reads the file as the services will. */
    public StackOptions.Accounts accounts() {
        if (file == null) {
            if (clientAccounts != null) {
                throw new IllegalArgumentException("--client-accounts: needs --accounts FILE (the accounts it names)");
            }
            return StackOptions.Accounts.NONE;
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--accounts: cannot read " + file);
        }
        return new StackOptions.Accounts(file, clientAccounts);
    }
}
