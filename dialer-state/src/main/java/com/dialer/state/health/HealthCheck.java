package com.dialer.state.health;

import java.util.function.Supplier;

/**
 * One named check of a service's health: the Streams client running, Redis answering, the Kafka
 * clients connected. {@link HealthChecks} runs it with a time bound, so a check may block on its
 * client; an exception counts as down.
 */
public interface HealthCheck {

    /** The name the JSON body lists it under, e.g. {@code redis} or {@code streams.dialer-scheduler}. */
    String name();

    CheckResult run();

    static HealthCheck of(String name, Supplier<CheckResult> run) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult run() {
                return run.get();
            }
        };
    }

    /** What a check found: up or down, and a short detail for an operator (a state, an error; never a secret). */
    record CheckResult(boolean up, String detail) {
        public static CheckResult up(String detail) {
            return new CheckResult(true, detail);
        }

        public static CheckResult down(String detail) {
            return new CheckResult(false, detail);
        }
    }
}
