package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.dialer.avro.CallingWindow;

class CallingWindowsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static CallingWindow window(String start, String end, String... days) {
        return CallingWindow.newBuilder().setStart(LocalTime.parse(start)).setEnd(LocalTime.parse(end))
                .setDays(List.of(days)).build();
    }

    @Test
    void isOpenNowInsideTheLocalWindow() {
        Instant now = Instant.parse("2026-07-01T15:00:00Z"); // 11:00 EDT
        assertThat(CallingWindows.nextOpening(window("09:00", "17:00"), NEW_YORK, now)).isEqualTo(now);
    }

    @Test
    void opensAtTheLocalStartOnBothSidesOfTheFallBackChange() {
        // 2026-11-01 the US falls back: 09:00 EST is 14:00Z, the day before 09:00 EDT was 13:00Z
        assertThat(CallingWindows.nextOpening(window("09:00", "17:00"), NEW_YORK, Instant.parse("2026-10-31T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-10-31T13:00:00Z"));
        assertThat(CallingWindows.nextOpening(window("09:00", "17:00"), NEW_YORK, Instant.parse("2026-11-01T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));
    }

    @Test
    void aStartInsideTheSpringForwardGapMovesLaterByTheGap() {
        // 2026-03-08 02:30 does not exist in New York; it becomes 03:30 EDT = 07:30Z, never earlier
        assertThat(CallingWindows.nextOpening(window("02:30", "05:00"), NEW_YORK, Instant.parse("2026-03-08T05:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void aWindowSpanningMidnightIsStillOpenAfterMidnight() {
        Instant oneAmLocal = Instant.parse("2026-07-02T05:00:00Z"); // 01:00 EDT
        assertThat(CallingWindows.nextOpening(window("20:00", "02:00"), NEW_YORK, oneAmLocal)).isEqualTo(oneAmLocal);
    }

    @Test
    void skipsDaysTheWindowDoesNotAllow() {
        Instant saturdayNoon = Instant.parse("2026-07-04T16:00:00Z");
        assertThat(CallingWindows.nextOpening(window("09:00", "17:00", "MONDAY"), NEW_YORK, saturdayNoon))
                .isEqualTo(Instant.parse("2026-07-06T13:00:00Z"));
    }

    @Test
    void aContactInSeveralZonesIsCalledOnlyWhileTheWindowIsOpenInAll() {
        ContactZones idaho = new ContactZones(List.of(ZoneId.of("America/Boise"), ZoneId.of("America/Los_Angeles")));
        // 15:30Z on 2026-07-01 is 09:30 MDT in Boise and 08:30 PDT in Los Angeles
        Instant now = Instant.parse("2026-07-01T15:30:00Z");
        assertThat(CallingWindows.nextOpening(window("09:00", "17:00"), idaho, NEW_YORK, now))
                .isEqualTo(Instant.parse("2026-07-01T16:00:00Z"));
        // and it closes with Boise's 17:00, 23:00Z: at 23:30Z it waits for Los Angeles' 09:00 the next day
        assertThat(CallingWindows.nextOpening(window("09:00", "17:00"), idaho, NEW_YORK, Instant.parse("2026-07-01T23:30:00Z")))
                .isEqualTo(Instant.parse("2026-07-02T16:00:00Z"));
    }

    @Test
    void zonesThatShareNoOpenTimeFallBackToTheDefaultZone() {
        ContactZones apart = new ContactZones(List.of(ZoneId.of("Pacific/Guam"), NEW_YORK));
        Instant now = Instant.parse("2026-07-01T12:00:00Z"); // 08:00 EDT; 22:00 in Guam
        assertThat(CallingWindows.nextOpening(window("09:00", "17:00"), apart, NEW_YORK, now))
                .isEqualTo(Instant.parse("2026-07-01T13:00:00Z"));
    }
}
