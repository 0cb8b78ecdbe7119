package com.dialer.state.callerid;

import java.time.ZoneId;
import java.util.List;

/**
 * One number of a caller-ID pool.
 *
 * @param e164     the number calls are made from
 * @param regions  where it is local (empty: a default number, for callees no region of the pool matches)
 * @param dailyCap most calls a day from it, the day in {@code zone} (null = no cap)
 * @param zone     its own time zone: given, else libphonenumber's first zone for it, else UTC
 */
public record CallerNumber(String e164, List<CallerRegion> regions, Integer dailyCap, ZoneId zone) {

    public CallerNumber {
        regions = List.copyOf(regions);
    }

    /** The best rank of its regions matching the callee; 0 when it is a default number; -1 when it does not serve the callee. */
    int rankFor(Callee callee) {
        if (regions.isEmpty()) {
            return 0;
        }
        int best = -1;
        for (CallerRegion region : regions) {
            if (region.matches(callee)) {
                best = Math.max(best, region.rank());
            }
        }
        return best;
    }
}
