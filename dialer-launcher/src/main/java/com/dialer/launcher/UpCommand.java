package com.dialer.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.dialer.launcher.stack.DialerStack;
import com.dialer.launcher.stack.StackEndpoints;
import com.dialer.launcher.stack.StackOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dialer up}: runs the whole stack until Ctrl-C and writes its endpoints to a state file. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the stack (Kafka, Redis, MongoDB, Connect + archiver, every service, query API, live page) "
                + "on loopback until Ctrl-C, against the built-in Plivo simulator or a Plivo-compatible API.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--state", defaultValue = ".dialer/state.json", description = "state file (default: ${DEFAULT-VALUE})")
    Path stateFile;

    @Option(names = "--partitions", defaultValue = "6", description = "partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--rate", defaultValue = "600", description = "global limit, calls per minute (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--burst", defaultValue = "10", description = "the limiter's burst (default: ${DEFAULT-VALUE})")
    int burst;

    @Option(names = "--cap", defaultValue = "10", description = "default client cap (default: ${DEFAULT-VALUE})")
    int cap;

    @Option(names = "--plivo-url", description = "a Plivo-compatible API base URL; the built-in simulator when absent")
    String plivoUrl;

    @Option(names = "--plivo-auth-id", description = "auth id for --plivo-url (or env PLIVO_AUTH_ID)")
    String plivoAuthId;

    @Option(names = "--plivo-auth-token", description = "auth token for --plivo-url (or env PLIVO_AUTH_TOKEN)")
    String plivoAuthToken;

    @Option(names = "--webhook-public-url", description = "the public URL Plivo reaches the webhook bridge at (proxy)")
    String webhookPublicUrl;

    @Option(names = "--time-scale", defaultValue = "0.05", description = "simulator: real s per simulated s (default: ${DEFAULT-VALUE})")
    double timeScale;

    @Option(names = "--answer-rate", defaultValue = "0.6", description = "simulator: answer rate (default: ${DEFAULT-VALUE})")
    double answerRate;

    @Option(names = "--cps", defaultValue = "50", description = "simulator: calls per second (default: ${DEFAULT-VALUE})")
    double cps;

    @Override
    public Integer call() throws Exception {
        StackOptions.PlivoTarget plivo;
        if (plivoUrl != null || plivoAuthId != null) {
            String id = plivoAuthId != null ? plivoAuthId : System.getenv("PLIVO_AUTH_ID");
            String token = plivoAuthToken != null ? plivoAuthToken : System.getenv("PLIVO_AUTH_TOKEN");
            if (id == null || token == null) {
                System.err.println("--plivo-auth-id and --plivo-auth-token (or PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN) are required with --plivo-url");
                return 2;
            }
            plivo = new StackOptions.Remote(plivoUrl, id, token, webhookPublicUrl);
        } else {
            plivo = new StackOptions.Simulated(cps, answerRate, timeScale, 7);
        }
        StackOptions options = new StackOptions(partitions, rate, burst, cap, Duration.ofHours(1), Duration.ofDays(30), plivo,
                Files.createTempDirectory("dialer-up-"));
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
            } catch (java.io.IOException ignored) {
                // best effort: a stale state file names a pid that is gone
            }
            stopped.countDown();
        }, "dialer-up-shutdown"));
        System.out.printf("stack up in %d ms%n  kafka      %s%n  redis      %s%n  mongo      %s%n  webhooks   %s%n"
                        + "  query API  %s%n  live page  %s%n  plivo      %s%n  state      %s%nCtrl-C to stop.%n",
                stack.startupTime().toMillis(), endpoints.kafkaBootstrap(), endpoints.redisUri(), endpoints.mongoUri(),
                endpoints.webhookBaseUrl(), endpoints.queryApiUrl(), endpoints.dashboardUrl(),
                endpoints.plivoApiUrl() != null ? endpoints.plivoApiUrl() + " (simulator)" : plivoUrl == null ? "api.plivo.com" : plivoUrl,
                stateFile.toAbsolutePath());
        stopped.await();
        return 0;
    }
}
