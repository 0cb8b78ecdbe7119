package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reliability suite ({@code ./mvnw -Pchaos verify}, or {@code ./dialer chaos}): for every fault a
 * fresh stack with every service as its own process, a campaign of a few thousand contacts, the
 * fault at random moments from a fixed seed, and every promise checked at the end. The table of
 * faults × rounds × results is printed at the end and written to {@code target/chaos/results.md}.
 *
 * <p>System properties: {@code chaos.topology} ({@code single}, the default, or {@code cluster}: the production
 * topology's scenarios, {@link Scenarios#cluster}), {@code chaos.seed} (default 20260101), {@code chaos.contacts}
 * (2000; 5000 on the cluster),
 * {@code chaos.rounds} (injections of every fault; unset, each fault's own count), {@code chaos.only} (run only the
 * scenarios whose id contains one of these, comma-separated). {@code ./dialer chaos --help} sets them from options.
 */
@Tag("chaos")
class ChaosSuiteIT {
    private static final Path OUT = Path.of("target", "chaos");
    private static final List<ScenarioResult> RESULTS = new ArrayList<>();

    static Stream<Scenario> scenarios() {
        long seed = Long.getLong("chaos.seed", 20_260_101L);
        Topology topology = Topology.parse(System.getProperty("chaos.topology", "single"));
        // issue #17 asks 5,000 contacts of each production-topology scenario
        int contacts = Integer.getInteger("chaos.contacts", topology == Topology.CLUSTER ? 5_000 : 2_000);
        Integer rounds = Integer.getInteger("chaos.rounds");
        List<String> only = Stream.of(System.getProperty("chaos.only", "").split(",")).map(String::strip).toList();
        OptionalInt injections = rounds == null ? OptionalInt.empty() : OptionalInt.of(rounds);
        List<Scenario> all = topology == Topology.CLUSTER ? Scenarios.cluster(seed, contacts, injections)
                : Scenarios.full(seed, contacts, injections);
        // a misspelt --only would otherwise run nothing and pass
        List<String> unknown = only.stream().filter(o -> all.stream().noneMatch(s -> s.id().contains(o))).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("chaos.only: " + unknown + " match no scenario; the scenarios are "
                    + all.stream().map(Scenario::id).toList());
        }
        return all.stream().filter(s -> only.stream().anyMatch(o -> s.id().contains(o)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPromiseHoldsWhen(Scenario scenario) throws Exception {
        ScenarioResult result = ScenarioRun.run(scenario, OUT);
        List<String> broken = new ArrayList<>(result.broken());
        synchronized (RESULTS) {
            // Plivo's bad days may slow a campaign, not stall it: within 1.5x of the same campaign's fault-free time
            if (scenario.fault() instanceof Fault.PlivoUnreliable) {
                RESULTS.stream().filter(r -> r.scenario().equals(Scenarios.PLIVO_BASELINE)).findFirst().ifPresent(none -> {
                    double ratio = result.report().elapsedSeconds() / none.report().elapsedSeconds();
                    System.out.printf("  Plivo unreliable: %.1f s against %.1f s fault-free (%.2fx)%n",
                            result.report().elapsedSeconds(), none.report().elapsedSeconds(), ratio);
                    if (ratio > 1.5) {
                        broken.add("nothing stuck: the campaign took " + String.format("%.2f", ratio)
                                + "x its fault-free time (at most 1.5x)");
                    }
                });
            }
            RESULTS.add(result);
            // the table so far: a suite stopped part way keeps the rows of the scenarios it finished
            writeTheTable();
        }
        result.notes().forEach(n -> System.out.println("  note: " + n));
        assertThat(broken).as(scenario.id()).isEmpty();
    }

    @AfterAll
    static void printTheTable() throws Exception {
        System.out.println(writeTheTable());
    }

    private static String writeTheTable() throws java.io.IOException {
        String table = ResultTable.markdown(RESULTS);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("results.md"), table);
        return table;
    }
}
