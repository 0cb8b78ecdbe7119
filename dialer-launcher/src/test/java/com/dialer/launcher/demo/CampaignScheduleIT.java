package com.dialer.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.launcher.stack.DialerStack;

import picocli.CommandLine;

/**
 * Schedules and holidays end to end, measured at the simulator's witness: a client on holiday (today and tomorrow in
 * its contacts' zone, so a run across midnight holds too) dials nothing and its campaign, past its {@code endAt},
 * completes with every contact {@code EXPIRED}; the other client dials.
 */
class CampaignScheduleIT {

    @Test
    void aClientOnHolidayDialsNothingAndItsContactsExpireAtTheCampaignsEnd(@TempDir Path dir) throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
        Path env = Files.writeString(dir.resolve("holidays.env"),
                "CLIENT_HOLIDAYS=client-2=" + today + "," + today.plusDays(1) + "\n");
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--contacts", "60", "--clients", "2", "--time-scale", "0.01", "--quiet",
                "--timeout", "180", "--end-after", "25s", "--env-file", env.toString(), "--report", dir.resolve("r.json").toString());
        try (DialerStack stack = DialerStack.start(demo.stackOptions(), demo.publishing())) {
            DemoReport report = demo.runOn(stack);
            report.print(System.out);

            assertThat(report.brokenPromises()).isEmpty();
            assertThat(report.contactsWithoutDisposition()).isZero();
            assertThat(report.dispositions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
            assertThat(report.dispositions().getOrDefault("EXPIRED", 0L)).as("client-2's 30 contacts at least").isGreaterThanOrEqualTo(30);
            assertThat(stack.simulator().witness().dials()).isNotEmpty()
                    .noneSatisfy(d -> assertThat(d.client()).isEqualTo("client-2"));
        }
    }
}
