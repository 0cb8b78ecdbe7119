package com.dialer.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;

/** A deploy as the layout registry sees it, on a real Redis: old and new instances side by side, then only new. */
@ExtendWith(LocalStackExtension.class)
class RedisLayoutIT {
    private static final Duration SHORT_HOLD = Duration.ofSeconds(3);

    private final RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("layout") + ":");
    private RedisConnection connection;

    @BeforeEach
    void connect(LocalStack stack) {
        connection = RedisConnection.open("REDIS_URI", stack.redis().uri());
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void newCodeSeesTheOldLayoutInUseUntilTheLastOldInstanceStops() {
        assertThat(RedisLayout.oldestInUse(connection, keys)).as("nobody announced: this build's").isEqualTo(RedisLayout.VERSION);
        try (RedisLayout oldA = RedisLayout.announce(connection, keys, "executor-a", 1, SHORT_HOLD);
             RedisLayout oldB = RedisLayout.announce(connection, keys, "executor-b", 1, SHORT_HOLD);
             RedisLayout newA = RedisLayout.announce(connection, keys, "executor-a2", 2, SHORT_HOLD)) {
            assertThat(newA.oldestInUse()).isEqualTo(1);
            oldA.close();
            assertThat(newA.oldestInUse()).as("one old instance still runs").isEqualTo(1);
            oldB.close();
            assertThat(newA.oldestInUse()).as("every instance is new").isEqualTo(2);
        }
        assertThat(connection.sync().hlen(keys.layouts())).as("a closed instance withdraws its announcement").isZero();
    }

    @Test
    void aCrashedOldInstanceStopsCountingOnceItsAnnouncementExpiresWhileALiveOneKeepsRenewing() throws Exception {
        try (RedisLayout newA = RedisLayout.announce(connection, keys, "status-new", 2, SHORT_HOLD)) {
            RedisLayout crashed = RedisLayout.announce(connection, keys, "status-old", 1, SHORT_HOLD);
            crashed.halt();
            assertThat(newA.oldestInUse()).isEqualTo(1);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (newA.oldestInUse() == 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(newA.oldestInUse()).as("the crashed instance's announcement expired").isEqualTo(2);
            // the live instance renewed meanwhile (every hold / 3): well past one hold, it is still there
            Thread.sleep(SHORT_HOLD.toMillis() + 500);
            assertThat(connection.sync().hexists(keys.layouts(), "status-new")).isTrue();
        }
    }

    @Test
    void aMalformedAnnouncementIsDroppedNotTrusted() {
        connection.sync().hset(keys.layouts(), "junk", "not a version");
        assertThat(RedisLayout.oldestInUse(connection, keys)).isEqualTo(RedisLayout.VERSION);
        assertThat(connection.sync().hexists(keys.layouts(), "junk")).isFalse();
    }
}
