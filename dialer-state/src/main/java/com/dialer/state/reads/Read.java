package com.dialer.state.reads;

/** A value together with the tier that answered; the value's shape never depends on the tier. */
public record Read<T>(T value, Tier tier) {
}
