package com.dialer.bench.slots;

/**
 * A per-client concurrency cap as a worker meets it: asked before the bot warms up, told when the
 * call was dialed and when it ended. The designs differ in what they do at each step.
 */
public interface SlotGate extends AutoCloseable {

    /** Before warm-up: may this attempt go on? */
    boolean admit(String client, String attemptId);

    /** Right after the dial. */
    default void dialed(String client, String attemptId) {
    }

    /** The call ended: give back what was taken. */
    void ended(String client, String attemptId);

    String label();

    @Override
    void close();
}
