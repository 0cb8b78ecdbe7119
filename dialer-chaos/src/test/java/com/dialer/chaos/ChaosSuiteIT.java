package com.dialer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * <p>System properties: {@code chaos.seed} (default 20260101), {@code chaos.contacts} (2000),
 * {@code chaos.rounds} (kills per service, 3), {@code chaos.only} (run only the scenarios whose id
 * contains one of these, comma-separated).
 */
@Tag("chaos")
class ChaosSuiteIT {
    private static final Path OUT = Path.of("target", "chaos");
    private static final List<ScenarioResult> RESULTS = new ArrayList<>();

    static Stream<Scenario> scenarios() {
        long seed = Long.getLong("chaos.seed", 20_260_101L);
        int contacts = Integer.getInteger("chaos.contacts", 2_000);
        int rounds = Integer.getInteger("chaos.rounds", 3);
        List<String> only = List.of(System.getProperty("chaos.only", "").split(","));
        return Scenarios.full(seed, contacts, rounds).stream().filter(s -> only.stream().anyMatch(o -> s.id().contains(o.strip())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPromiseHoldsWhen(Scenario scenario) throws Exception {
        ScenarioResult result = ScenarioRun.run(scenario, OUT);
        synchronized (RESULTS) {
            RESULTS.add(result);
        }
        result.notes().forEach(n -> System.out.println("  note: " + n));
        assertThat(result.broken()).as(scenario.id()).isEmpty();
    }

    @AfterAll
    static void printTheTable() throws Exception {
        String table = ResultTable.markdown(RESULTS);
        System.out.println(table);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("results.md"), table);
    }
}
