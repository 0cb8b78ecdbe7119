package com.dialer.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

import com.dialer.launcher.limits.LimitOptions;
import com.dialer.launcher.stack.CallerIdPoolOption;
import com.dialer.launcher.stack.DialerStack;
import com.dialer.launcher.stack.ExternalServiceOptions;
import com.dialer.launcher.stack.ExternalServices;
import com.dialer.launcher.stack.PlivoAccountOptions;
import com.dialer.launcher.stack.ServiceSettingsOption;
import com.dialer.launcher.stack.StackEndpoints;
import com.dialer.launcher.stack.StackOptions;
import com.dialer.plivo.PlivoApiUrl;
import com.dialer.plivo.PlivoAuthId;
import com.dialer.state.limits.Limits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./dialer up}: runs the whole stack until Ctrl-C and writes its endpoints to a state file. Every option
 * is checked before anything starts: a typo in a Plivo URL or auth id costs a second, not a stack start.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the stack (Kafka, Redis, MongoDB, Connect + archiver, every service, query API, live page) "
                + "on loopback until Ctrl-C, against the built-in Plivo simulator or a Plivo-compatible API. "
                + "The auth token of a real Plivo comes from the environment (PLIVO_AUTH_TOKEN) or a file "
                + "(--plivo-auth-token-file), never from the command line.")
public final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--state", defaultValue = ".dialer/state.json", description = "state file (default: ${DEFAULT-VALUE})")
    Path stateFile;

    @Option(names = "--partitions", defaultValue = "6", description = "partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    /** Each flag over the environment's key of the same meaning, over the catalogue's default (600/min, burst 10, cap 10). */
    @Mixin
    LimitOptions limits;

    /** Kafka, Redis, MongoDB running elsewhere, in place of the embedded ones. */
    @Mixin
    ExternalServiceOptions external;

    /** More Plivo accounts and which client dials through which. */
    @Mixin
    PlivoAccountOptions accounts;

    /** More service keys for every service (--env-file). */
    @Mixin
    ServiceSettingsOption serviceSettings;

    /** The clients' caller-ID pools, for campaigns that name one. */
    @Mixin
    CallerIdPoolOption callerIdPools;

    @Option(names = "--bridge-port", defaultValue = "0", paramLabel = "PORT",
            description = "the webhook bridge's port on 127.0.0.1, fixed so a tunnel or proxy can be set up in advance "
                    + "(default: a free port, printed at start)")
    int bridgePort;

    @Option(names = "--recipient-gap", defaultValue = "1h", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "least time between the starts of two calls to one number of a client, any campaign: "
                    + "e.g. 1h, 90s, 15m, 0 (default: ${DEFAULT-VALUE})")
    Duration recipientGap;

    @Option(names = "--plivo-url", paramLabel = "URL",
            description = "a Plivo-compatible API base URL ending with /v1/ (e.g. https://api.plivo.com/v1/); "
                    + "the built-in simulator when neither this nor --plivo-auth-id is given")
    String plivoUrl;

    @Option(names = "--plivo-auth-id", paramLabel = "ID",
            description = "the Plivo auth id (MA... or SA..., 20 characters); else env PLIVO_AUTH_ID")
    String plivoAuthId;

    @Option(names = "--plivo-auth-token-file", paramLabel = "FILE",
            description = "a file holding the Plivo auth token (one line); else env PLIVO_AUTH_TOKEN")
    Path plivoAuthTokenFile;

    @Option(names = "--plivo-auth-token", hidden = true, paramLabel = "TOKEN",
            description = "refused: a secret on the command line shows in ps and shell history")
    String plivoAuthTokenOnCommandLine;

    @Option(names = "--webhook-public-url", paramLabel = "URL",
            description = "the public URL Plivo reaches the webhook bridge at (a proxy or tunnel to --bridge-port)")
    String webhookPublicUrl;

    @Option(names = "--time-scale", defaultValue = "0.05", description = "simulator: real s per simulated s (default: ${DEFAULT-VALUE})")
    double timeScale;

    @Option(names = "--answer-rate", defaultValue = "0.6", description = "simulator: answer rate (default: ${DEFAULT-VALUE})")
    double answerRate;

    @Option(names = "--cps", defaultValue = "50", description = "simulator: calls per second (default: ${DEFAULT-VALUE})")
    double cps;

    /** Where PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN are read from; the process environment but in tests. */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        StackOptions options = checkedOptions();
        CountDownLatch stopped = new CountDownLatch(1);
        DialerStack stack = DialerStack.start(options);
        StackEndpoints endpoints = stack.endpoints();
        endpoints.write(stateFile);
        // up ends with Ctrl-C, never with a return to main: a stack that started is the run worth archiving
        ClassDataArchive.keep();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Ctrl-C: the JVM is exiting, so stop everything here rather than in call()
            stack.close();
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException ignored) {
                // best effort: a stale state file names a pid that is gone
            }
            stopped.countDown();
        }, "dialer-up-shutdown"));
        System.out.printf("stack up in %d ms%n  kafka      %s (%s)%n  redis      %s (%s)%n  mongo      %s (%s)%n  webhooks   %s%n"
                        + "  query API  %s%n  live page  %s%n  plivo      %s%n  state      %s%nCtrl-C to stop.%n",
                stack.startupTime().toMillis(), endpoints.kafkaBootstrap(), endpoints.parts().get("kafka"),
                endpoints.redisUri(), endpoints.parts().get("redis"), endpoints.mongoUri(), endpoints.parts().get("mongodb"),
                endpoints.webhookBaseUrl(), endpoints.queryApiUrl(), endpoints.dashboardUrl(),
                endpoints.plivoApiUrl() != null ? endpoints.plivoApiUrl() + " (simulator)" : plivoUrl == null ? "api.plivo.com" : plivoUrl,
                stateFile.toAbsolutePath());
        stopped.await();
        return 0;
    }

    /** The stack's options, every one checked; a ParameterException (exit 2, the usage) names the first wrong one. */
    StackOptions checkedOptions() throws IOException {
        if (plivoAuthTokenOnCommandLine != null) {
            throw new ParameterException(spec.commandLine(), "--plivo-auth-token is refused: a secret on the command line "
                    + "shows in ps and shell history. Set PLIVO_AUTH_TOKEN in the environment, or give "
                    + "--plivo-auth-token-file FILE.");
        }
        if (bridgePort < 0 || bridgePort > 65_535) {
            throw new ParameterException(spec.commandLine(), "--bridge-port: 0 (a free port) to 65535, was " + bridgePort);
        }
        if (bridgePort > 0 && !free(bridgePort)) {
            throw new ParameterException(spec.commandLine(), "--bridge-port: 127.0.0.1:" + bridgePort + " is in use");
        }
        if (recipientGap.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--recipient-gap: must not be negative, was " + recipientGap);
        }
        StackOptions.PlivoTarget plivo;
        if (plivoUrl != null || plivoAuthId != null || plivoAuthTokenFile != null) {
            plivo = new StackOptions.Remote(plivoUrl == null ? null : checked("--plivo-url", () -> PlivoApiUrl.check(plivoUrl)),
                    authId(), authToken(), webhookPublicUrl);
        } else {
            plivo = new StackOptions.Simulated(cps, answerRate, timeScale, 7);
        }
        try {
            ExternalServices services = external.services();
            // read now as the services will read it: a refused property stops here, before anything starts
            services.kafka();
            callerIdPools.pools();
            return new StackOptions(partitions, limits.over(Limits.from(environment::apply)), recipientGap, Duration.ofDays(30), plivo,
                    Files.createTempDirectory("dialer-up-"), bridgePort, services, serviceSettings.settings(), callerIdPools.file(),
                    accounts.accounts());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String authId() {
        String id = plivoAuthId != null ? plivoAuthId : environment.apply("PLIVO_AUTH_ID");
        if (id == null || id.isBlank()) {
            throw new ParameterException(spec.commandLine(), "a Plivo auth id is required with a real Plivo: "
                    + "--plivo-auth-id ID or env PLIVO_AUTH_ID");
        }
        return checked(plivoAuthId != null ? "--plivo-auth-id" : "PLIVO_AUTH_ID", () -> PlivoAuthId.check(id.strip()));
    }

    private String authToken() throws IOException {
        String token;
        if (plivoAuthTokenFile != null) {
            if (!Files.isReadable(plivoAuthTokenFile)) {
                throw new ParameterException(spec.commandLine(), "--plivo-auth-token-file: cannot read " + plivoAuthTokenFile);
            }
            token = Files.readString(plivoAuthTokenFile, StandardCharsets.UTF_8).strip();
        } else {
            token = environment.apply("PLIVO_AUTH_TOKEN");
        }
        if (token == null || token.isBlank()) {
            throw new ParameterException(spec.commandLine(), "a Plivo auth token is required with a real Plivo: env "
                    + "PLIVO_AUTH_TOKEN or --plivo-auth-token-file FILE" + (plivoAuthTokenFile != null ? " (the file is empty)" : ""));
        }
        return token;
    }

    private String checked(String option, java.util.function.Supplier<String> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
