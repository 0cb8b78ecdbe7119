package com.dialer.plivosim;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar plivo-sim.jar}: the simulator on 127.0.0.1 until Ctrl-C. */
@Command(name = "plivo-sim", mixinStandardHelpOptions = true,
        description = "A Plivo voice API simulator on 127.0.0.1: Make-a-Call, queued calls over the CPS, signed callbacks, GET /sim/stats.")
public final class PlivoSimMain implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "port on 127.0.0.1 (0 = a free one)")
    int port;
    @Option(names = "--auth-id", defaultValue = SimConfig.DEFAULT_AUTH_ID)
    String authId;
    @Option(names = "--auth-token", defaultValue = SimConfig.DEFAULT_AUTH_TOKEN)
    String authToken;
    @Option(names = "--cps", defaultValue = "2", description = "calls per second of the account (default ${DEFAULT-VALUE})")
    double cps;
    @Option(names = "--reject-over-cps", description = "refuse calls over the CPS (code 5030) instead of queueing them")
    boolean rejectOverCps;
    @Option(names = "--answer-rate", defaultValue = "0.6")
    double answerRate;
    @Option(names = "--time-scale", defaultValue = "1.0", description = "real seconds per simulated second")
    double timeScale;
    @Option(names = "--seed", defaultValue = "42")
    long seed;
    @Option(names = "--server-error-rate", defaultValue = "0")
    double serverErrorRate;
    @Option(names = "--server-error-after-placing-rate", defaultValue = "0")
    double serverErrorAfterPlacingRate;
    @Option(names = "--callback-duplicate-rate", defaultValue = "0")
    double duplicateRate;
    @Option(names = "--callback-drop-rate", defaultValue = "0")
    double dropRate;
    @Option(names = "--callback-reorder-rate", defaultValue = "0")
    double reorderRate;

    @Override
    public Integer call() throws InterruptedException {
        SimConfig config = new SimConfig(authId, authToken, cps, rejectOverCps, OutcomeModel.typical().withAnswerRate(answerRate),
                timeScale, seed, 3, Duration.ofSeconds(5));
        CountDownLatch stop = new CountDownLatch(1);
        try (PlivoSimulator sim = PlivoSimulator.start(config, port)) {
            sim.faults().serverErrorRate(serverErrorRate).serverErrorAfterPlacingRate(serverErrorAfterPlacingRate)
                    .callbackDuplicateRate(duplicateRate).callbackDropRate(dropRate).callbackReorderRate(reorderRate);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.printf("plivo-sim on %s (auth id %s); stats at http://127.0.0.1:%d/sim/stats%n",
                    sim.apiUrl(), authId, sim.port());
            stop.await();
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlivoSimMain()).execute(args));
    }
}
