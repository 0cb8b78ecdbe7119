package com.dialer.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateGrant;
import com.dialer.state.ratelimit.RateLimiter;

/** The gcra.lua contract in memory, on the test's clock, for TopologyTestDriver tests that cannot reach Redis. */
final class InMemoryRateLimiter implements RateLimiter {
    private final Map<String, Long> tats = new HashMap<>();
    private final LongSupplier clockMillis;

    InMemoryRateLimiter(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public synchronized RateGrant acquire(int wanted, List<RateBucket> buckets) {
        long now = clockMillis.getAsLong() * 1000;
        long[] base = new long[buckets.size()];
        int granted = wanted;
        int limiting = -1;
        for (int i = 0; i < buckets.size(); i++) {
            RateBucket b = buckets.get(i);
            base[i] = Math.max(now, tats.getOrDefault(b.key(), 0L));
            long allowed = Math.max(0, Math.floorDiv(now + b.limit().toleranceMicros() - base[i],
                    b.limit().emissionIntervalMicros()));
            if (allowed < granted) {
                granted = (int) allowed;
                limiting = i;
            }
        }
        long wait = 0;
        for (int i = 0; i < buckets.size(); i++) {
            RateBucket b = buckets.get(i);
            long tat = base[i] + granted * b.limit().emissionIntervalMicros();
            if (granted > 0) {
                tats.put(b.key(), tat);
            }
            wait = Math.max(wait, tat + b.limit().emissionIntervalMicros() - b.limit().toleranceMicros() - now);
        }
        return new RateGrant(granted, wait, now, limiting);
    }
}
