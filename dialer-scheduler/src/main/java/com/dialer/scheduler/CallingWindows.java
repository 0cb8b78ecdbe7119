package com.dialer.scheduler;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import com.dialer.avro.CallingWindow;

/**
 * When a contact may be called, in the contact's local time. All arithmetic is on local dates and
 * times resolved through the zone rules, so a window of 09:00–20:00 stays 09:00–20:00 local on
 * both sides of a DST change (a start inside a spring-forward gap moves later by the gap's length,
 * never earlier).
 */
final class CallingWindows {
    private CallingWindows() {
    }

    /** The first instant at or after {@code now} inside the window; {@code now} itself when open. */
    static Instant nextOpening(CallingWindow window, ZoneId zone, Instant now) {
        if (window == null) {
            return now;
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        // from yesterday: a window spanning midnight may still be open this morning
        for (int offset = -1; offset <= 8; offset++) {
            LocalDate day = today.plusDays(offset);
            if (!allowed(window.getDays(), day.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime start = ZonedDateTime.of(day, window.getStart(), zone);
            LocalDate endDay = window.getEnd().isAfter(window.getStart()) ? day : day.plusDays(1);
            ZonedDateTime end = ZonedDateTime.of(endDay, window.getEnd(), zone);
            Instant from = start.toInstant();
            Instant until = end.toInstant();
            if (!now.isBefore(until)) {
                continue;
            }
            return now.isBefore(from) ? from : now;
        }
        // a window with no allowed day never opens; the caller treats a far future as "not callable"
        return Instant.MAX;
    }

    private static boolean allowed(List<String> days, DayOfWeek day) {
        return days == null || days.isEmpty() || days.stream().anyMatch(d -> d.equalsIgnoreCase(day.name()));
    }
}
