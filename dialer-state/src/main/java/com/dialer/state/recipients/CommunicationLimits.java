package com.dialer.state.recipients;

import java.time.Duration;

/**
 * How often one person may be called by one client, whatever the campaign (Amazon Connect's
 * "communication limits"). Besides these, a number never has two live attempts.
 *
 * @param minGap   least time between the starts of two calls to the number (zero: no gap)
 * @param maxCalls most calls to the number in any sliding {@code period}
 * @param period   the sliding period {@code maxCalls} counts in
 */
public record CommunicationLimits(Duration minGap, int maxCalls, Duration period) {

    public CommunicationLimits {
        if (minGap == null || minGap.isNegative()) {
            throw new IllegalArgumentException("minGap must not be negative, was " + minGap);
        }
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be >= 1, was " + maxCalls);
        }
        if (period == null || period.toMillis() < 1) {
            throw new IllegalArgumentException("period must be at least 1 ms, was " + period);
        }
    }
}
