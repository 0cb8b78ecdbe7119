package com.dialer.launcher;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import com.dialer.schemas.IdRule;
import com.dialer.state.reads.api.ApiTokens;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dialer token --client acme}: makes a query API token and the {@code QUERY_API_TOKENS} entry that
 * grants it, its SHA-256. The token goes to the client; only the entry goes into the configuration.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Make a query API bearer token for one client and its QUERY_API_TOKENS entry (the token's SHA-256).",
                "Give the token to the client; configure only the entry: QUERY_API_TOKENS=<entry>,<entry>,..."})
public final class TokenCommand implements Callable<Integer> {

    @Option(names = "--client", required = true, paramLabel = "ID", description = "the client the token reads for")
    String client;

    // never a token on the command line: it would show in ps and shell history
    @Option(names = "--stdin", description = "hash a token read from standard input instead of making a new one")
    boolean fromStdin;

    @Override
    public Integer call() throws Exception {
        IdRule.require("client", client);
        String made = fromStdin ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip() : ApiTokens.newToken();
        if (made.isEmpty()) {
            throw new IllegalArgumentException("an empty token grants nothing");
        }
        System.out.println("token:            " + made);
        System.out.println("QUERY_API_TOKENS: " + ApiTokens.hash(made) + "=" + client);
        return 0;
    }
}
