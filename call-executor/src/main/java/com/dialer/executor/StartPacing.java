package com.dialer.executor;

import java.time.Duration;
import java.util.List;

import com.dialer.state.RedisKeys;
import com.dialer.state.accounts.PlivoAccount;
import com.dialer.state.ratelimit.GlobalLimitSource;
import com.dialer.state.ratelimit.GlobalRateLimiter;
import com.dialer.state.ratelimit.StartWindow;
import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateGrant;
import com.dialer.state.ratelimit.RateLimit;

/**
 * The global rate limit at the Plivo boundary. The scheduler paces releases, but a request may then
 * wait for a slot and be dialed later, next to others that waited too; measured at Plivo, starts
 * bunched past rate·W + burst. So each dial also takes a token of the same live limit from a second
 * GCRA key ({@link RedisKeys#callStarts()}) right before it is placed, waiting as long as the
 * limiter says instead of spinning. Starts at Plivo then stay within rate·W + burst.
 *
 * <p>A Plivo account with a CPS of its own ({@link PlivoAccount#cps()}) is a second level between the global
 * limit and the client: its key ({@link RedisKeys#accountRate}, same hash tag) is charged in the same
 * {@code gcra.lua} call, so a start is granted only when both allow it and neither is charged for a start
 * the other refused. The same call keeps the account's start window ({@link RedisKeys#accountStarts}): at most
 * CPS starts in any second, each counted until its Make-a-Call is answered, so network delay between here and
 * Plivo cannot bunch them past the CPS where Plivo counts them ({@link StartWindow}).
 */
final class StartPacing {
    /** Longer than a Make-a-Call can take (PlivoSdkDialer: connect 5 s + read 15 s): a start not answered by then is over. */
    static final Duration DIAL_HOLD = Duration.ofSeconds(30);

    /** A granted start; {@link #window} null when only the global limit applied. */
    record Start(StartWindow window) {
    }

    private final GlobalRateLimiter limiter;
    private final GlobalLimitSource limits;
    private final RedisKeys keys;
    private final Duration maxWait;

    StartPacing(GlobalRateLimiter limiter, GlobalLimitSource limits, RedisKeys keys, Duration maxWait) {
        this.limiter = limiter;
        this.limits = limits;
        this.keys = keys;
        this.maxWait = maxWait;
    }

    /**
     * The limit with half its burst: the other half is headroom for the network between this
     * executor and Plivo, where a slow request followed by a fast one moves two starts closer together.
     */
    static RateLimit withHeadroom(RateLimit limit) {
        return new RateLimit(limit.permits(), limit.window(), Math.max(1, limit.burst() / 2));
    }

    /**
     * An account's CPS as a GCRA limit: one start per 1/cps of a second stretched by a tenth, no burst. Plivo
     * counts starts in any second as they reach it; the tenth is headroom for the network, where a slow
     * request followed by a fast one moves two starts closer together. Over its CPS, Plivo queues.
     */
    static RateLimit accountLimit(int cps) {
        return new RateLimit(cps, ACCOUNT_WINDOW, 1);
    }

    static final Duration ACCOUNT_WINDOW = Duration.ofMillis(1_100);

    /** @return true once a start is granted; false when none was within the longest wait */
    boolean awaitStart() throws InterruptedException {
        return awaitStart(null) != null;
    }

    /**
     * @param account the account the call is placed through; null, or one without a CPS: the global limit only
     * @return the start once granted (tell {@link #answered} when its dial is answered); null when none came within the
     *         longest wait
     */
    Start awaitStart(PlivoAccount account) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean own = account != null && account.cps() != null;
        StartWindow window = own ? new StartWindow(keys.accountStarts(account.id()), account.cps(), Duration.ofSeconds(1), DIAL_HOLD,
                java.util.UUID.randomUUID().toString()) : null;
        while (true) {
            RateBucket global = new RateBucket(keys.callStarts(), withHeadroom(limits.current()));
            RateGrant grant = own
                    ? limiter.acquireStart(List.of(global, new RateBucket(keys.accountRate(account.id()), accountLimit(account.cps()))),
                            window)
                    : limiter.acquire(1, List.of(global));
            if (grant.granted() == 1) {
                return new Start(window);
            }
            long waitNanos = Math.max(grant.waitMicros() * 1_000, 100_000);
            if (System.nanoTime() + waitNanos > deadline) {
                return null;
            }
            Thread.sleep(Duration.ofNanos(waitNanos));
        }
    }

    /** The start's Make-a-Call was answered ({@code sent}), or never sent: its account's window counts it so. */
    void answered(Start start, boolean sent) {
        if (start.window() != null) {
            limiter.answered(start.window(), sent);
        }
    }
}
