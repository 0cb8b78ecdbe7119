package com.dialer.scheduler;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.dialer.avro.CallingWindow;

/**
 * When a contact may be called, in the contact's local time. All arithmetic is on local dates and
 * times resolved through the zone rules, so a window of 09:00–20:00 stays 09:00–20:00 local on
 * both sides of a DST change (a start inside a spring-forward gap moves later by the gap's length,
 * never earlier).
 *
 * <p>A contact in several zones (its number maps to several and the record names none) may be
 * called only while the window is open in every one of them: the most restrictive reading, so
 * the window is honoured wherever the person is. When those zones share no open time in the
 * coming week (a US toll-free number spans Guam to Newfoundland, 21 hours), the window is read
 * in the fallback zone ({@code DEFAULT_TIME_ZONE}) instead. A client's holidays ({@link HolidayCalendar})
 * close whole local dates in every zone of the contact, with or without a window.
 */
final class CallingWindows {
    // a week of windows and the day either side: every pattern of allowed days repeats within it
    private static final Duration HORIZON = Duration.ofDays(8);

    private CallingWindows() {
    }

    /** The first instant at or after {@code now} inside the window in every zone of the contact. */
    static Instant nextOpening(CallingWindow window, ContactZones zones, ZoneId fallback, Instant now) {
        return nextOpening(window, Set.of(), zones, fallback, now);
    }

    /**
     * The first instant at or after {@code now} inside the window in every zone of the contact and on
     * none of {@code holidays} in any of them: a holiday is a local date, so in a contact of several zones
     * it blocks from its start in the easternmost zone to its end in the westernmost.
     */
    static Instant nextOpening(CallingWindow window, Set<LocalDate> holidays, ContactZones zones, ZoneId fallback,
                               Instant now) {
        if (holidays.isEmpty()) {
            return window == null ? now : windowOpening(window, zones, fallback, now);
        }
        Instant from = now;
        // every horizon that opens nowhere holds at least one holiday, so this many cover them all
        for (int step = 0; step <= holidays.size() + 1; step++) {
            Instant until = from.plus(HORIZON);
            List<Instant[]> open = window == null ? List.<Instant[]>of(new Instant[] {from, until})
                    : windowIntervals(window, zones, fallback, from, until);
            open = subtract(open, holidayIntervals(holidays, zones, from, until));
            if (!open.isEmpty()) {
                return open.get(0)[0];
            }
            from = until;
        }
        return Instant.MAX;
    }

    private static Instant windowOpening(CallingWindow window, ContactZones zones, ZoneId fallback, Instant now) {
        if (zones.zones().size() == 1) {
            return nextOpening(window, zones.primary(), now);
        }
        List<Instant[]> common = windowIntervals(window, zones, fallback, now, now.plus(HORIZON));
        return common.isEmpty() ? Instant.MAX : common.get(0)[0];
    }

    /** The window's open intervals in [now, until) in every zone, or in the fallback zone when they share none. */
    private static List<Instant[]> windowIntervals(CallingWindow window, ContactZones zones, ZoneId fallback,
                                                   Instant now, Instant until) {
        List<Instant[]> common = openIntervals(window, zones.primary(), now, until);
        for (ZoneId zone : zones.zones().subList(1, zones.zones().size())) {
            common = intersect(common, openIntervals(window, zone, now, until));
            if (common.isEmpty()) {
                return openIntervals(window, fallback, now, until);
            }
        }
        return common;
    }

    /** The holidays as instants: each date from its start to the next day's start in each zone, merged, in time order. */
    private static List<Instant[]> holidayIntervals(Set<LocalDate> holidays, ContactZones zones, Instant now, Instant until) {
        List<Instant[]> days = new ArrayList<>();
        // no zone is more than 18 hours from UTC: dates outside these cannot touch [now, until)
        LocalDate earliest = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        LocalDate latest = LocalDate.ofInstant(until, ZoneOffset.UTC).plusDays(1);
        List<LocalDate> near = holidays.stream().filter(d -> !d.isBefore(earliest) && !d.isAfter(latest)).toList();
        for (ZoneId zone : zones.zones()) {
            for (LocalDate date : near) {
                Instant from = date.atStartOfDay(zone).toInstant();
                Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
                if (to.isAfter(now) && from.isBefore(until)) {
                    days.add(new Instant[] {from, to});
                }
            }
        }
        days.sort(Comparator.comparing(i -> i[0]));
        List<Instant[]> merged = new ArrayList<>();
        for (Instant[] day : days) {
            Instant[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !day[0].isAfter(last[1])) {
                last[1] = later(last[1], day[1]);
            } else {
                merged.add(new Instant[] {day[0], day[1]});
            }
        }
        return merged;
    }

    /** The instants of {@code open} outside every interval of {@code closed}; both sorted and disjoint. */
    private static List<Instant[]> subtract(List<Instant[]> open, List<Instant[]> closed) {
        List<Instant[]> left = new ArrayList<>();
        for (Instant[] interval : open) {
            Instant from = interval[0];
            for (Instant[] gap : closed) {
                if (!gap[1].isAfter(from) || !gap[0].isBefore(interval[1])) {
                    continue;
                }
                if (gap[0].isAfter(from)) {
                    left.add(new Instant[] {from, gap[0]});
                }
                from = later(from, gap[1]);
            }
            if (from.isBefore(interval[1])) {
                left.add(new Instant[] {from, interval[1]});
            }
        }
        return left;
    }

    /** The first instant at or after {@code now} inside the window; {@code now} itself when open. */
    static Instant nextOpening(CallingWindow window, ZoneId zone, Instant now) {
        if (window == null) {
            return now;
        }
        List<Instant[]> open = openIntervals(window, zone, now, Instant.MAX);
        // a window with no allowed day never opens; input rules refuse one, so this is a far future
        return open.isEmpty() ? Instant.MAX : open.get(0)[0];
    }

    /** The window's open intervals [from, until) in one zone, clipped to [now, until), in time order. */
    private static List<Instant[]> openIntervals(CallingWindow window, ZoneId zone, Instant now, Instant until) {
        List<Instant[]> open = new ArrayList<>();
        LocalDate today = now.atZone(zone).toLocalDate();
        // from yesterday: a window spanning midnight may still be open this morning
        for (int offset = -1; offset <= 8; offset++) {
            LocalDate day = today.plusDays(offset);
            if (!allowed(window.getDays(), day.getDayOfWeek())) {
                continue;
            }
            Instant from = ZonedDateTime.of(day, window.getStart(), zone).toInstant();
            LocalDate endDay = window.getEnd().isAfter(window.getStart()) ? day : day.plusDays(1);
            Instant to = ZonedDateTime.of(endDay, window.getEnd(), zone).toInstant();
            Instant clippedFrom = from.isBefore(now) ? now : from;
            Instant clippedTo = to.isAfter(until) ? until : to;
            if (clippedFrom.isBefore(clippedTo)) {
                open.add(new Instant[] {clippedFrom, clippedTo});
            }
        }
        open.sort(Comparator.comparing(i -> i[0]));
        return open;
    }

    /** The instants in both lists of sorted, disjoint intervals. */
    private static List<Instant[]> intersect(List<Instant[]> a, List<Instant[]> b) {
        List<Instant[]> both = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Instant from = later(a.get(i)[0], b.get(j)[0]);
            Instant to = a.get(i)[1].isBefore(b.get(j)[1]) ? a.get(i)[1] : b.get(j)[1];
            if (from.isBefore(to)) {
                both.add(new Instant[] {from, to});
            }
            if (a.get(i)[1].isBefore(b.get(j)[1])) {
                i++;
            } else {
                j++;
            }
        }
        return both;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static boolean allowed(List<String> days, DayOfWeek day) {
        return days == null || days.isEmpty() || days.stream().anyMatch(d -> d.equalsIgnoreCase(day.name()));
    }
}
