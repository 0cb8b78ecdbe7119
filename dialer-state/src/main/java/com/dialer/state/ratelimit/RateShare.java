package com.dialer.state.ratelimit;

/** A member's fraction of a rate shared by weight with members it cannot see (other tasks, other instances). */
@FunctionalInterface
public interface RateShare {

    /** Posts {@code weight} for {@code member} and returns its share now, in [0, 1] (1 when no one else has weight). */
    double shareOf(String member, double weight);
}
