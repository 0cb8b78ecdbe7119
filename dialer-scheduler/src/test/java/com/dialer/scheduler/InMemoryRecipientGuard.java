package com.dialer.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import com.dialer.state.recipients.CommunicationLimits;
import com.dialer.state.recipients.RecipientAttempt;
import com.dialer.state.recipients.RecipientGuard;
import com.dialer.state.recipients.RecipientVerdict;
import com.dialer.state.recipients.RecipientVerdict.Reason;

/** The claim-recipients.lua contract in memory, on the test's clock, for TopologyTestDriver tests that cannot reach Redis. */
final class InMemoryRecipientGuard implements RecipientGuard {
    private record Live(String attemptId, long untilMillis) {
    }

    private final Map<String, TreeMap<Long, List<String>>> calls = new HashMap<>();
    private final Map<String, Map<String, Long>> callTimes = new HashMap<>();
    private final Map<String, Live> live = new HashMap<>();
    private final LongSupplier clockMillis;

    InMemoryRecipientGuard(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public synchronized List<RecipientVerdict> claim(String clientId, List<RecipientAttempt> candidates, int wanted,
                                                     Duration hold, CommunicationLimits limits) {
        long now = clockMillis.getAsLong();
        List<RecipientVerdict> verdicts = new ArrayList<>();
        int claimed = 0;
        for (RecipientAttempt candidate : candidates) {
            if (claimed >= wanted) {
                break;
            }
            String number = clientId + "|" + candidate.phoneNumber();
            Map<String, Long> times = callTimes.computeIfAbsent(number, n -> new HashMap<>());
            TreeMap<Long, List<String>> byTime = calls.computeIfAbsent(number, n -> new TreeMap<>());
            Live holder = live.get(number);
            if (holder != null && holder.untilMillis() <= now) {
                live.remove(number);
                holder = null;
            }
            if (holder != null && !holder.attemptId().equals(candidate.attemptId())) {
                long started = times.getOrDefault(holder.attemptId(), now);
                long wait = Math.min(holder.untilMillis() - now, Math.max(0, started + limits.minGap().toMillis() - now));
                verdicts.add(new RecipientVerdict.Refused(candidate, Reason.LIVE, Duration.ofMillis(wait)));
            } else if (times.containsKey(candidate.attemptId())) {
                live.put(number, new Live(candidate.attemptId(), now + hold.toMillis()));
                verdicts.add(new RecipientVerdict.Claimed(candidate, true));
                claimed++;
            } else {
                long periodStart = now - limits.period().toMillis();
                List<Long> inPeriod = new ArrayList<>();
                byTime.tailMap(periodStart, false).forEach((t, ids) -> ids.forEach(id -> inPeriod.add(t)));
                Long last = byTime.isEmpty() ? null : byTime.lastKey();
                if (last != null && now - last < limits.minGap().toMillis()) {
                    verdicts.add(new RecipientVerdict.Refused(candidate, Reason.GAP,
                            Duration.ofMillis(last + limits.minGap().toMillis() - now)));
                } else if (inPeriod.size() >= limits.maxCalls()) {
                    long freeing = inPeriod.get(inPeriod.size() - limits.maxCalls());
                    verdicts.add(new RecipientVerdict.Refused(candidate, Reason.CAP,
                            Duration.ofMillis(freeing + limits.period().toMillis() - now)));
                } else {
                    byTime.computeIfAbsent(now, t -> new ArrayList<>()).add(candidate.attemptId());
                    times.put(candidate.attemptId(), now);
                    live.put(number, new Live(candidate.attemptId(), now + hold.toMillis()));
                    verdicts.add(new RecipientVerdict.Claimed(candidate, false));
                    claimed++;
                }
            }
        }
        return verdicts;
    }

    @Override
    public synchronized void free(String clientId, List<RecipientAttempt> ended) {
        for (RecipientAttempt attempt : ended) {
            live.computeIfPresent(clientId + "|" + attempt.phoneNumber(),
                    (n, holder) -> holder.attemptId().equals(attempt.attemptId()) ? null : holder);
        }
    }

    /** The attempt holding a number of a client live now, or null. */
    synchronized String liveAttempt(String clientId, String e164) {
        Live holder = live.get(clientId + "|" + e164);
        return holder == null || holder.untilMillis() <= clockMillis.getAsLong() ? null : holder.attemptId();
    }
}
