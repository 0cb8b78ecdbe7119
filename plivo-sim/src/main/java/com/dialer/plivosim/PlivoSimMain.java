package com.dialer.plivosim;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar plivo-sim.jar}: the simulator on 127.0.0.1 until Ctrl-C. */
@Command(name = "plivo-sim", mixinStandardHelpOptions = true,
        description = {"A Plivo voice API simulator on 127.0.0.1: Make-a-Call, queued calls over the CPS, call records and",
                "live/queued lookups, signed callbacks, faults, GET /sim/stats.",
                "A RATE is a probability, steady (0.3) or in bursts (0.3@5s/20s: 5 s at 0.3, then 20 s at 0, again and again)."})
public final class PlivoSimMain implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "port on 127.0.0.1 (0 = a free one)")
    int port;
    @Option(names = "--auth-id", defaultValue = SimConfig.DEFAULT_AUTH_ID)
    String authId;
    @Option(names = "--auth-token", defaultValue = SimConfig.DEFAULT_AUTH_TOKEN)
    String authToken;
    @Option(names = "--cps", defaultValue = "2", description = "calls per second of the account (default ${DEFAULT-VALUE})")
    double cps;
    @Option(names = "--account", paramLabel = "AUTH_ID:TOKEN:CPS",
            description = "one more account with its own auth id, token and CPS (repeatable)")
    java.util.List<String> moreAccounts = new java.util.ArrayList<>();
    @Option(names = "--reject-over-cps", description = "refuse calls over the CPS (code 5030) instead of queueing them")
    boolean rejectOverCps;
    @Option(names = "--answer-rate", defaultValue = "0.6")
    double answerRate;
    @Option(names = "--time-scale", defaultValue = "1.0", description = "real seconds per simulated second")
    double timeScale;
    @Option(names = "--seed", defaultValue = "42", description = "seed of every draw, faults included")
    long seed;
    @Option(names = "--server-error-rate", defaultValue = "0", converter = RateConverter.class,
            description = "RATE of 5xx to Make-a-Call without placing the call")
    FaultRate serverErrorRate;
    @Option(names = "--server-error-after-placing-rate", defaultValue = "0", converter = RateConverter.class,
            description = "RATE of 503 to Make-a-Call after the call was placed")
    FaultRate serverErrorAfterPlacingRate;
    @Option(names = "--lookup-server-error-rate", defaultValue = "0", converter = RateConverter.class,
            description = "RATE of 500 to call record / live / queued lookups")
    FaultRate lookupServerErrorRate;
    @Option(names = "--slow-answer", defaultValue = "0ms", description = "delay of a slow Make-a-Call answer (250ms, 2s)")
    String slowAnswer;
    @Option(names = "--slow-answer-rate", defaultValue = "1", converter = RateConverter.class,
            description = "RATE of slow answers when --slow-answer is set (default every one)")
    FaultRate slowAnswerRate;
    @Option(names = "--callback-duplicate-rate", defaultValue = "0", converter = RateConverter.class)
    FaultRate duplicateRate;
    @Option(names = "--callback-drop-rate", defaultValue = "0", converter = RateConverter.class,
            description = "RATE of ring, machine or hangup callbacks never sent")
    FaultRate dropRate;
    @Option(names = "--callback-reorder-rate", defaultValue = "0", converter = RateConverter.class)
    FaultRate reorderRate;
    @Option(names = "--hangup-callback-loss-rate", defaultValue = "0", converter = RateConverter.class,
            description = "RATE of calls whose hangup callback is lost (their record exists)")
    FaultRate hangupLossRate;
    @Option(names = "--late-callback-rate", defaultValue = "0", converter = RateConverter.class,
            description = "RATE of ring, machine or hangup callbacks sent late")
    FaultRate lateRate;
    @Option(names = "--late-callback-delay", defaultValue = "1s-5s", description = "range of a late callback's delay, MIN-MAX (default ${DEFAULT-VALUE})")
    String lateDelay;

    @Override
    public Integer call() throws InterruptedException {
        SimConfig config = new SimConfig(authId, authToken, cps, rejectOverCps, OutcomeModel.typical().withAnswerRate(answerRate),
                timeScale, seed, 3, Duration.ofSeconds(5));
        for (String spec : moreAccounts) {
            try {
                config = config.withAccount(SimAccount.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--account: " + e.getMessage());
            }
        }
        String[] late = lateDelay.split("-");
        if (late.length != 2) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--late-callback-delay: MIN-MAX, e.g. 1s-5s, was " + lateDelay);
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (PlivoSimulator sim = PlivoSimulator.start(config, port)) {
            sim.faults().serverErrorRate(serverErrorRate).serverErrorAfterPlacingRate(serverErrorAfterPlacingRate)
                    .lookupServerErrorRate(lookupServerErrorRate)
                    .slowAnswers(slowAnswerRate, FaultRate.duration(slowAnswer))
                    .callbackDuplicateRate(duplicateRate).callbackDropRate(dropRate).callbackReorderRate(reorderRate)
                    .hangupCallbackLossRate(hangupLossRate)
                    .lateCallbackRate(lateRate).lateCallbackDelay(FaultRate.duration(late[0]), FaultRate.duration(late[1]));
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.printf("plivo-sim on %s (auth id %s); stats at http://127.0.0.1:%d/sim/stats%nfaults: %s%n",
                    sim.apiUrl(), authId, sim.port(), sim.faults());
            stop.await();
        }
        return 0;
    }

    /** A RATE option: {@code 0.3} or {@code 0.3@5s/20s}. */
    static final class RateConverter implements CommandLine.ITypeConverter<FaultRate> {
        @Override
        public FaultRate convert(String value) {
            return FaultRate.parse(value);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlivoSimMain()).execute(args));
    }
}
