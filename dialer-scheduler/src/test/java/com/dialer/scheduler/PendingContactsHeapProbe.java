package com.dialer.scheduler;

import static com.dialer.scheduler.SchedulerFixture.number;
import static com.dialer.scheduler.SchedulerFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

import com.dialer.state.ratelimit.RateLimit;

/**
 * Not part of the suite (no *Test / *IT name): measures the heap held after N contacts are
 * pending, to show it does not grow with N. Run with
 * {@code -Dtest=PendingContactsHeapProbe -Dheap.contacts=1000000 -Dsurefire.failIfNoSpecifiedTests=false}.
 * TopologyTestDriver keeps every output record, changelogs included, so they are drained as we go.
 */
class PendingContactsHeapProbe {

    @Test
    void heldHeapDoesNotGrowWithPendingContacts() {
        int contacts = Integer.getInteger("heap.contacts", 1_000);
        try (SchedulerFixture f = new SchedulerFixture(Instant.parse("2026-03-02T12:00:00Z"), RateLimit.perMinute(1, 1))) {
            List<TestOutputTopic<byte[], byte[]>> changelogs = java.util.Arrays.stream(SchedulerStores.TASK_STORES)
                    .map(store -> f.driver.createOutputTopic("scheduler-test-" + store + "-changelog",
                            new ByteArrayDeserializer(), new ByteArrayDeserializer()))
                    .toList();
            f.create("big", "acme", settings(1).build());
            long start = System.nanoTime();
            for (int i = 0; i < contacts; i++) {
                f.contact("big", "k" + i, number(i % 1_000_000));
                if (i % 10_000 == 0) {
                    changelogs.forEach(TestOutputTopic::readRecordsToList);
                    f.outcomesOut.readRecordsToList();
                }
            }
            changelogs.forEach(TestOutputTopic::readRecordsToList);
            f.outcomesOut.readRecordsToList();
            f.jump(Duration.ofSeconds(1));
            long used = usedHeapAfterGc();
            System.out.printf("HEAP %d pending contacts: %.1f MB used heap after GC (max %d MB), intake %.1f s%n",
                    contacts, used / 1e6, Runtime.getRuntime().maxMemory() / 1_000_000,
                    (System.nanoTime() - start) / 1e9);
            assertThat(f.released()).hasSizeLessThanOrEqualTo(1);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
