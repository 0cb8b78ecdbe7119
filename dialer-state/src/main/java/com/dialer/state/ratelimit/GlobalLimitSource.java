package com.dialer.state.ratelimit;



/** The global limit in force now; read before every release round, so a change needs no restart. */
public interface GlobalLimitSource {

    RateLimit current();
}
