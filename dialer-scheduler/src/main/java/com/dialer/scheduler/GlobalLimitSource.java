package com.dialer.scheduler;

import com.dialer.state.ratelimit.RateLimit;

/** The global limit in force now; read before every release round, so a change needs no restart. */
public interface GlobalLimitSource {

    RateLimit current();
}
