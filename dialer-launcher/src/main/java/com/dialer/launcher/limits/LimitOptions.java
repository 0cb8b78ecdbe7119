package com.dialer.launcher.limits;

import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.ratelimit.RateLimit;

import picocli.CommandLine.Option;

/**
 * The limit options of {@code ./dialer up} and {@code ./dialer demo}: each overrides the same key of
 * {@link Limits} (the one catalogue), so a flag, the environment and the services mean one thing.
 */
public final class LimitOptions {

    @Option(names = "--rate", paramLabel = "N", description = "global limit: calls started per minute (MAX_CALLS_PER_MINUTE)")
    Integer rate;

    @Option(names = "--burst", paramLabel = "N", description = "calls that may start back to back on top of the rate (RATE_LIMIT_BURST)")
    Integer burst;

    @Option(names = "--cap", paramLabel = "N",
            description = "live calls of a client that has no cap of its own (DEFAULT_CLIENT_CAP)")
    Integer defaultCap;

    @Option(names = "--client-limits", paramLabel = "ID=CAP[/RATE],...",
            description = "each client's cap on live calls across its campaigns, and optionally its own calls per minute, "
                    + "e.g. acme=5,beta=12/300 (CLIENT_LIMITS)")
    String clientLimits;

    /** {@code base} with every option given here in place of its value. */
    public Limits over(Limits base) {
        RateLimit global = base.globalRate();
        if (rate != null || burst != null) {
            global = new RateLimit(rate != null ? rate : global.permits(), global.window(), burst != null ? burst : global.burst());
        }
        return new Limits(global, defaultCap != null ? defaultCap : base.defaultClientCap(),
                clientLimits != null ? ConfiguredClientLimits.parse(clientLimits) : base.clients());
    }
}
