package com.dialer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;

/**
 * {@code ./dialer} as a user runs it, from the repository root with the jar this build packaged: stdout holds
 * the command's own output and nothing else (no class-data, native-access or JUL warning), and a help run
 * leaves no class-data archive behind for the real run to pick up.
 */
class DialerScriptIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Every command and subcommand of the launcher, as the words a user types before {@code --help}. */
    static Stream<List<String>> commands() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new DialerCli()), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> words, List<List<String>> into) {
        into.add(List.copyOf(words));
        command.getSubcommands().forEach((name, sub) -> {
            // picocli lists a command once per alias; the name it was declared with is enough
            if (name.equals(sub.getCommandName())) {
                List<String> next = new ArrayList<>(words);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }

    @ParameterizedTest(name = "./dialer {0} --help")
    @MethodSource("commands")
    void helpPrintsOnlyTheUsageAndExitsZero(List<String> words) throws Exception {
        Set<Path> archivesBefore = archives();
        List<String> args = new ArrayList<>(words);
        args.add("--help");

        Run run = dialer(args);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(usage(words));
        assertThat(run.stderr()).isEmpty();
        assertThat(archives()).as("class-data archives after a help run").isEqualTo(archivesBefore);
    }

    @Test
    void aFailingCommandPrintsItsReasonOnStderrAndNothingOnStdout() throws Exception {
        // twice: the first run writes the class-data archive at its exit, the second meets it
        for (int run = 0; run < 2; run++) {
            Run status = dialer(List.of("campaign", "status", "no-such-campaign", "--client", "c",
                    "--state", ROOT.resolve("target/no-such-state.json").toString()));

            assertThat(status.exitCode()).isEqualTo(1);
            assertThat(status.stdout()).isEmpty();
            assertThat(status.stderr().lines().toList()).singleElement().asString().startsWith("dialer: no running stack");
        }
    }

    private static String usage(List<String> words) {
        CommandLine command = new CommandLine(new DialerCli());
        for (String word : words) {
            command = command.getSubcommands().get(word);
        }
        StringWriter out = new StringWriter();
        command.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }

    private static Set<Path> archives() throws IOException {
        Path dir = ROOT.resolve(".dialer");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).collect(Collectors.toSet());
        }
    }

    private static Run dialer(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("dialer").toString()));
        command.addAll(args);
        Path stdout = Files.createTempFile("dialer-stdout", ".txt");
        Path stderr = Files.createTempFile("dialer-stderr", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("./dialer " + String.join(" ", args) + " did not end in 2 minutes");
            }
            return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }
}
