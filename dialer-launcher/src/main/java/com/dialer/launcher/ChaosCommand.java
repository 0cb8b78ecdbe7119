package com.dialer.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./dialer chaos}: the reliability suite (module dialer-chaos) with options of its own. The suite is a
 * set of Failsafe tests that start every service as its own process, so it runs through {@code ./mvnw -Pchaos};
 * the options become the system properties {@code ChaosSuiteIT} reads.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Run the reliability suite (dialer-chaos/README.md): every service as its own process, killed, "
                + "restarted, starved of Kafka, Redis or MongoDB, fed garbage and forged webhooks mid-campaign; every "
                + "promise checked at the end, the table written to dialer-chaos/target/chaos/results.md. Runs from the "
                + "repository through ./mvnw -Pchaos; about an hour on two cores with the defaults, 27 min with "
                + "--contacts 1000 --rounds 2.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--topology", paramLabel = "single|cluster", description = "single (default): one plaintext broker, one "
            + "Redis, one instance of every service; cluster: production's shape, three KRaft brokers over SASL_SSL/SCRAM, a "
            + "Redis Cluster of 3 masters and 3 replicas, two instances of every service behind one webhook address, and its "
            + "own scenarios (ids cluster-...: the dial-requests leader killed, Redis CLUSTER FAILOVER and master kill, one of "
            + "two executors, schedulers, status-processors, bridges killed); the probes run on single only")
    String topology;

    @Option(names = "--contacts", description = "contacts per scenario (default: 2000; 5000 with --topology cluster)")
    Integer contacts;

    @Option(names = "--rounds", description = "times each scenario's fault is injected, for every scenario (default: "
            + "each fault's own: 3 kills per service, 1 rolling restart, 2 broker restarts, Redis losses and MongoDB "
            + "outages, 3 rounds of Plivo trouble)")
    Integer rounds;

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = "run only the scenarios whose id contains one of these words, e.g. --only redis,broker "
                    + "(ids: none-baseline, kill-9-<service>, rolling-restart-..., kafka-broker-restart, "
                    + "redis-killed-restarted-empty, mongodb-unavailable, plivo-..., bad-input-..., upgrade-producers-first, "
                    + "upgrade-consumers-first; with --topology cluster: cluster-none-baseline, cluster-kill-9-the-broker-..., "
                    + "cluster-redis-master-failover-..., cluster-kill-9-a-redis-master-..., cluster-kill-9-one-of-two-<service>); a word that "
                    + "matches no scenario fails the run")
    List<String> only;

    @Option(names = "--seed", description = "seed of the faults' moments and the campaigns (default: 20260101): "
            + "the same seed injects at the same moments")
    Long seed;

    @Option(names = "--no-probes", description = "skip SecurityIT (webhook and query API probes) and GracefulStopIT")
    boolean noProbes;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "any other property, passed to Maven as is")
    Map<String, String> properties = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((contacts != null && contacts < 1) || (rounds != null && rounds < 1)) {
            throw new ParameterException(spec.commandLine(), "--contacts and --rounds: at least 1");
        }
        if (topology != null && !List.of("single", "cluster").contains(topology)) {
            throw new ParameterException(spec.commandLine(), "--topology: single or cluster, not '" + topology + "'");
        }
        Process maven = new ProcessBuilder(mavenCommand()).inheritIO().start();
        // Ctrl-C reaches Maven too (one process group); a plain kill of this JVM must not leave it running
        Thread stop = new Thread(maven::destroy, "chaos-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int exitCode = maven.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return exitCode;
    }

    /** The Maven command line this run is: {@code ./dialer} runs from the repository's root. */
    List<String> mavenCommand() {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-Pchaos", "-pl", "dialer-chaos", "-am", "verify",
                "-Dtest=none", "-Dsurefire.failIfNoSpecifiedTests=false", "-Dfailsafe.failIfNoSpecifiedTests=false",
                "-Dit.test=" + (noProbes || "cluster".equals(topology) ? "ChaosSuiteIT" : "ChaosSuiteIT,SecurityIT,GracefulStopIT")));
        Map<String, String> chaos = new LinkedHashMap<>();
        if (topology != null) {
            chaos.put("chaos.topology", topology);
        }
        if (contacts != null) {
            chaos.put("chaos.contacts", String.valueOf(contacts));
        }
        if (rounds != null) {
            chaos.put("chaos.rounds", String.valueOf(rounds));
        }
        if (only != null && !only.isEmpty()) {
            chaos.put("chaos.only", String.join(",", only));
        }
        if (seed != null) {
            chaos.put("chaos.seed", String.valueOf(seed));
        }
        chaos.putAll(properties);
        chaos.forEach((key, value) -> command.add("-D" + key + "=" + value));
        return command;
    }
}
