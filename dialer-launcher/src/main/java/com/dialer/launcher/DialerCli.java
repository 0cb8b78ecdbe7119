package com.dialer.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./dialer}: one command to run the pipeline on one machine. */
@Command(name = "dialer", mixinStandardHelpOptions = true, version = "dialer 0.1.0",
        description = "Outbound call-campaign pipeline: run the stack locally.",
        subcommands = {UpCommand.class, com.dialer.launcher.demo.DemoCommand.class,
                com.dialer.launcher.campaign.CampaignCli.class})
public final class DialerCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        // local-stack ships a logback-test.xml for the test suites; the command line has its own
        System.setProperty("logback.configurationFile", "logback-dialer.xml");
        if (args.length > 0 && args[0].equals("demo")) {
            // the demo's terminal is for its progress and summary; the whole log is in .dialer/dialer.log
            System.setProperty("dialer.console.level", "ERROR");
        }
        System.exit(new CommandLine(new DialerCli()).execute(args));
    }
}
