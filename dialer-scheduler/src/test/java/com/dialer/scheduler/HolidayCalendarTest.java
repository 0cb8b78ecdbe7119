package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolidayCalendarTest {
    private static final String US_NUMBER = "+12125550123";
    private static final String UK_NUMBER = "+442079460123";

    private static HolidayCalendar calendar(Map<String, String> env) {
        return SchedulerConfig.fromEnv(env).holidays();
    }

    @Test
    void aRegionalHolidayAppliesOnlyToNumbersOfThatCountry() {
        HolidayCalendar holidays = calendar(Map.of("CLIENT_HOLIDAYS", "acme=2026-12-25, 2026-07-04@us; globex=2026-08-15@IN"));
        assertThat(holidays.datesFor("acme", US_NUMBER))
                .containsExactlyInAnyOrder(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-07-04"));
        assertThat(holidays.datesFor("acme", UK_NUMBER)).containsExactly(LocalDate.parse("2026-12-25"));
        assertThat(holidays.datesFor("globex", US_NUMBER)).isEmpty();
        assertThat(holidays.datesFor("initech", US_NUMBER)).isEmpty();
    }

    @Test
    void theCalendarFileAddsToTheInlineHolidays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("holidays.txt");
        Files.writeString(file, "# client holidays\nacme=2026-12-26@GB  # Boxing Day\n\nacme=2027-01-01\n");
        HolidayCalendar holidays = calendar(Map.of("CLIENT_HOLIDAYS", "acme=2026-12-25",
                "HOLIDAY_CALENDAR_FILE", file.toString()));
        assertThat(holidays.datesFor("acme", UK_NUMBER)).containsExactlyInAnyOrder(LocalDate.parse("2026-12-25"),
                LocalDate.parse("2026-12-26"), LocalDate.parse("2027-01-01"));
        assertThat(holidays.datesFor("acme", US_NUMBER)).containsExactlyInAnyOrder(LocalDate.parse("2026-12-25"),
                LocalDate.parse("2027-01-01"));
    }

    @Test
    void noCalendarMeansNoHolidays() {
        assertThat(SchedulerConfig.defaults().holidays().datesFor("acme", US_NUMBER)).isEmpty();
    }

    @Test
    void refusesAHolidayItCannotReadNamingTheKey() {
        for (String bad : new String[] {"acme", "=2026-12-25", "acme=25/12/2026", "acme=2026-02-30", "acme=2026-12-25@XX",
                "a}b=2026-12-25"}) {
            assertThatThrownBy(() -> calendar(Map.of("CLIENT_HOLIDAYS", bad))).as(bad)
                    .hasMessageStartingWith("CLIENT_HOLIDAYS");
        }
    }

    @Test
    void refusesAMissingOrUnreadableCalendarFileNamingTheKey(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> calendar(Map.of("HOLIDAY_CALENDAR_FILE", dir.resolve("none.txt").toString())))
                .hasMessageStartingWith("HOLIDAY_CALENDAR_FILE").hasMessageContaining("none.txt");
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "acme=2026-12-25\nacme=Christmas\n");
        assertThatThrownBy(() -> calendar(Map.of("HOLIDAY_CALENDAR_FILE", file.toString())))
                .hasMessageStartingWith("HOLIDAY_CALENDAR_FILE").hasMessageContaining("Christmas");
    }
}
