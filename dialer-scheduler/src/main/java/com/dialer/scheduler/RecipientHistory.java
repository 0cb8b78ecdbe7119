package com.dialer.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the scheduler remembers about one number of one client, across all the client's campaigns
 * (Amazon Connect's "communication limits"): the live attempt, when it was last called, and how
 * many calls the current period has had. Stored as {@code attemptId|liveUntil|last|periodStart|count}.
 */
record RecipientHistory(String liveAttempt, long liveUntilMillis, long lastCallMillis, long periodStartMillis,
                        int callsInPeriod) {
    private static final String NONE = "-";
    static final RecipientHistory NEVER_CALLED = new RecipientHistory(NONE, 0, Long.MIN_VALUE / 2, 0, 0);
    // a number held by a live attempt is looked at again after this long (its outcome usually frees it first)
    static final Duration LIVE_RECHECK = Duration.ofSeconds(30);

    static RecipientHistory parse(String stored) {
        if (stored == null) {
            return NEVER_CALLED;
        }
        String[] f = stored.split("\\|", -1);
        return new RecipientHistory(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Integer.parseInt(f[4]));
    }

    String encoded() {
        return liveAttempt + "|" + liveUntilMillis + "|" + lastCallMillis + "|" + periodStartMillis + "|" + callsInPeriod;
    }

    /** When this number may be called next under the rules; empty when it may be called now. */
    Optional<Instant> notBefore(String attemptId, long now, Duration minGap, int maxCalls, Duration period) {
        if (!NONE.equals(liveAttempt) && !liveAttempt.equals(attemptId) && now < liveUntilMillis) {
            return Optional.of(Instant.ofEpochMilli(Math.min(liveUntilMillis, now + LIVE_RECHECK.toMillis())));
        }
        if (now - lastCallMillis < minGap.toMillis()) {
            return Optional.of(Instant.ofEpochMilli(lastCallMillis + minGap.toMillis()));
        }
        if (now - periodStartMillis < period.toMillis() && callsInPeriod >= maxCalls) {
            return Optional.of(Instant.ofEpochMilli(periodStartMillis + period.toMillis()));
        }
        return Optional.empty();
    }

    RecipientHistory called(String attemptId, long now, Duration liveFor, Duration period) {
        boolean newPeriod = now - periodStartMillis >= period.toMillis();
        return new RecipientHistory(attemptId, now + liveFor.toMillis(), now,
                newPeriod ? now : periodStartMillis, newPeriod ? 1 : callsInPeriod + 1);
    }

    RecipientHistory ended(String attemptId) {
        return liveAttempt.equals(attemptId)
                ? new RecipientHistory(NONE, 0, lastCallMillis, periodStartMillis, callsInPeriod) : this;
    }
}
