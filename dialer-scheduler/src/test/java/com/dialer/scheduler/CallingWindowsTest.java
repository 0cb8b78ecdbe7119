package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.dialer.avro.CallingWindow;

class CallingWindowsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

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

    private static Instant opening(CallingWindow window, ContactZones zones, Instant now, String... holidays) {
        Set<LocalDate> dates = Set.of(holidays).stream().map(LocalDate::parse).collect(Collectors.toSet());
        return CallingWindows.nextOpening(window, dates, zones, NEW_YORK, now);
    }

    @Test
    void aHolidayWithoutAWindowWaitsForTheNextLocalMidnight() {
        // 07:00 EST on Christmas Day; New York's 26th starts at 05:00Z
        assertThat(opening(null, ContactZones.of(NEW_YORK), Instant.parse("2026-12-25T12:00:00Z"), "2026-12-25"))
                .isEqualTo(Instant.parse("2026-12-26T05:00:00Z"));
    }

    @Test
    void aHolidayOnTheSpringForwardDayLastsItsTwentyThreeHours() {
        // 2026-03-08 in New York runs 05:00Z to 04:00Z: 01:00 EST to the next midnight EDT
        assertThat(opening(null, ContactZones.of(NEW_YORK), Instant.parse("2026-03-08T06:00:00Z"), "2026-03-08"))
                .isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
    }

    @Test
    void aHolidayOnTheFallBackDayLastsItsTwentyFiveHours() {
        // 2026-10-25 in London runs 23:00Z (00:00 BST) to 00:00Z the 26th (00:00 GMT)
        assertThat(opening(null, ContactZones.of(LONDON), Instant.parse("2026-10-24T23:30:00Z"), "2026-10-25"))
                .isEqualTo(Instant.parse("2026-10-26T00:00:00Z"));
        // with a window, the holiday skips the fall-back day's 09:00 GMT to the next day's
        assertThat(opening(window("09:00", "17:00"), ContactZones.of(LONDON), Instant.parse("2026-10-24T18:00:00Z"), "2026-10-25"))
                .isEqualTo(Instant.parse("2026-10-26T09:00:00Z"));
    }

    @Test
    void aWindowSpanningMidnightClosesAtTheHolidaysMidnightAndReopensAtTheNext() {
        ContactZones kolkata = ContactZones.of(KOLKATA);
        // 23:30 IST on the 14th: the 20:00-02:00 window is open, the holiday is tomorrow
        Instant beforeMidnight = Instant.parse("2026-08-14T18:00:00Z");
        assertThat(opening(window("20:00", "02:00"), kolkata, beforeMidnight, "2026-08-15")).isEqualTo(beforeMidnight);
        // 00:30 IST on the 15th: the window opened the evening before, but the date is the holiday;
        // it reopens at 00:00 IST on the 16th, still inside the window the 15th opened at 20:00
        assertThat(opening(window("20:00", "02:00"), kolkata, Instant.parse("2026-08-14T19:00:00Z"), "2026-08-15"))
                .isEqualTo(Instant.parse("2026-08-15T18:30:00Z"));
    }

    @Test
    void aHolidayInAnyZoneOfTheContactBlocksFromTheEarliestMidnightToTheLatest() {
        ContactZones both = new ContactZones(List.of(LONDON, NEW_YORK));
        // Christmas Eve 23:30 GMT is still the 24th in both
        Instant eve = Instant.parse("2026-12-24T23:30:00Z");
        assertThat(opening(null, both, eve, "2026-12-25")).isEqualTo(eve);
        // from London's midnight to New York's, one of them is on the 25th
        assertThat(opening(null, both, Instant.parse("2026-12-25T01:00:00Z"), "2026-12-25"))
                .isEqualTo(Instant.parse("2026-12-26T05:00:00Z"));
    }

    @Test
    void holidaysLongerThanAWeekAreAllSkipped() {
        String[] fortnight = IntStream.range(0, 14).mapToObj(d -> LocalDate.of(2026, 12, 20).plusDays(d).toString())
                .toArray(String[]::new);
        assertThat(opening(window("09:00", "17:00"), ContactZones.of(KOLKATA), Instant.parse("2026-12-20T00:00:00Z"), fortnight))
                .isEqualTo(Instant.parse("2027-01-03T03:30:00Z"));
    }

    @Test
    void withoutHolidaysTheWindowAloneDecides() {
        Instant now = Instant.parse("2026-07-01T12:00:00Z");
        assertThat(opening(window("09:00", "17:00"), ContactZones.of(NEW_YORK), now))
                .isEqualTo(CallingWindows.nextOpening(window("09:00", "17:00"), NEW_YORK, now));
        assertThat(opening(null, ContactZones.of(NEW_YORK), now)).isEqualTo(now);
    }
}
