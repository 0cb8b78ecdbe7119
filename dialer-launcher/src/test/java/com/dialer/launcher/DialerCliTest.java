package com.dialer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

class DialerCliTest {

    @Test
    void everyCommandOptionAndParameterIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(new CommandLine(new DialerCli()).getCommandSpec(), undescribed);

        assertThat(undescribed).isEmpty();
    }

    @Test
    void everyCommandTakesHelp() {
        List<String> withoutHelp = new ArrayList<>();
        collectWithoutHelp(new CommandLine(new DialerCli()), withoutHelp);

        assertThat(withoutHelp).isEmpty();
    }

    @Test
    void chaosOptionsBecomeTheSuitesSystemProperties() {
        ChaosCommand chaos = new ChaosCommand();
        new CommandLine(chaos).parseArgs("--contacts", "500", "--rounds", "1", "--only", "redis,broker", "--seed", "7",
                "-Dchaos.extra=x");

        assertThat(chaos.mavenCommand()).startsWith("./mvnw", "-B", "-Pchaos", "-pl", "dialer-chaos")
                .contains("-Dit.test=ChaosSuiteIT,SecurityIT,GracefulStopIT")
                .endsWith("-Dchaos.contacts=500", "-Dchaos.rounds=1", "-Dchaos.only=redis,broker", "-Dchaos.seed=7",
                        "-Dchaos.extra=x");
    }

    @Test
    void chaosOnTheClusterTopologyRunsTheSuiteOnlyWithTheTopologyProperty() {
        ChaosCommand chaos = new ChaosCommand();
        new CommandLine(chaos).parseArgs("--topology", "cluster", "--contacts", "300", "--only", "broker");

        assertThat(chaos.mavenCommand()).contains("-Dit.test=ChaosSuiteIT")
                .endsWith("-Dchaos.topology=cluster", "-Dchaos.contacts=300", "-Dchaos.only=broker");
    }

    @Test
    void chaosRefusesAnUnknownTopology() {
        CommandLine command = new CommandLine(new ChaosCommand());

        assertThat(command.execute("--topology", "mesh")).isEqualTo(2);
    }

    @Test
    void chaosWithoutOptionsLeavesTheSuitesDefaults() {
        ChaosCommand chaos = new ChaosCommand();
        new CommandLine(chaos).parseArgs("--no-probes");

        assertThat(chaos.mavenCommand()).contains("-Dit.test=ChaosSuiteIT").noneMatch(arg -> arg.startsWith("-Dchaos."));
    }

    private static void collectUndescribed(CommandSpec command, List<String> into) {
        String name = command.qualifiedName();
        if (String.join("", command.usageMessage().description()).isBlank()) {
            into.add(name);
        }
        List<ArgSpec> args = new ArrayList<>(command.options());
        args.addAll(command.positionalParameters());
        for (ArgSpec arg : args) {
            if (String.join("", arg.description()).isBlank()) {
                into.add(name + " " + arg.paramLabel() + (arg.isOption() ? " " + ((CommandLine.Model.OptionSpec) arg).longestName() : ""));
            }
        }
        command.subcommands().values().forEach(sub -> collectUndescribed(sub.getCommandSpec(), into));
    }

    private static void collectWithoutHelp(CommandLine command, List<String> into) {
        if (command.getCommandSpec().findOption("--help") == null) {
            into.add(command.getCommandSpec().qualifiedName());
        }
        command.getSubcommands().values().forEach(sub -> collectWithoutHelp(sub, into));
    }
}
