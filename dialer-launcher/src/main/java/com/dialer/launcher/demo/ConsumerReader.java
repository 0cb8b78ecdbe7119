package com.dialer.launcher.demo;

import org.apache.kafka.clients.consumer.Consumer;

/** The end of a thread that reads a consumer until woken: the demo's tally, the live page, the bench's probes. */
public final class ConsumerReader {
    private ConsumerReader() {
    }

    /** Wakes {@code consumer} (its poll throws WakeupException, ending {@code reader}), waits up to 5 s, closes it. */
    public static void stop(Consumer<?, ?> consumer, Thread reader) {
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
