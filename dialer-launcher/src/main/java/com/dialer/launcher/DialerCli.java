package com.dialer.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./dialer}: one command to run the pipeline on one machine. */
@Command(name = "dialer", mixinStandardHelpOptions = true, version = "dialer 0.1.0",
        description = "Outbound call-campaign pipeline: run the stack locally.",
        footer = {"", "Also: ./dialer bench [--quick | --jmh]: the benchmarks (./dialer bench --help).",
                "Every command takes --help. The log is in .dialer/dialer.log (.dialer/campaign.log for campaign)."},
        subcommands = {UpCommand.class, com.dialer.launcher.demo.DemoCommand.class,
                com.dialer.launcher.campaign.CampaignCli.class, com.dialer.launcher.limits.LimitsCommand.class, ChaosCommand.class, TokenCommand.class})
public final class DialerCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        // the campaign tools run beside ./dialer up: the stack's log must not be truncated by a status read;
        // the demo's terminal is for its progress and summary, the whole log is in .dialer/dialer.log
        CommandLogging.configure(command.equals("campaign") ? ".dialer/campaign.log" : ".dialer/dialer.log",
                command.equals("demo") ? "ERROR" : null);
        int exitCode = new CommandLine(new DialerCli())
                // an operator gets the reason in one line, not a stack trace (the log has it)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    org.slf4j.LoggerFactory.getLogger(DialerCli.class).debug("command failed", e);
                    cmd.getErr().println("dialer: " + reason(e));
                    return 1;
                })
                .execute(args);
        if (exitCode == 0) {
            ClassDataArchive.keep();
        }
        System.exit(exitCode);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return root == e ? message : message + " (" + root + ")";
    }
}
