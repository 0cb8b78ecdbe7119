package com.dialer.scheduler;

/** Reads a client's live slot count and limits. The executor's atomic reservation stays the hard cap. */
public interface ClientLimits {

    ClientLoad load(String clientId);
}
