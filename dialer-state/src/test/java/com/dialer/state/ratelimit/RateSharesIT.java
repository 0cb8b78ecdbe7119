package com.dialer.state.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

@ExtendWith(LocalStackExtension.class)
class RateSharesIT {
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;
    private RedisKeys keys;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        redis = client.connect();
        keys = new RedisKeys(LocalStack.uniquePrefix("shares"));
    }

    @AfterEach
    void close() {
        redis.close();
        client.shutdown();
    }

    @Test
    void tasksShareTheRateByTheWeightTheyPost() {
        RateShares shares = new RateShares(redis.sync(), keys, Duration.ofSeconds(5));

        assertThat(shares.shareOf("app/0_0", 1.0)).isEqualTo(1.0);
        assertThat(shares.shareOf("app/0_1", 3.0)).isCloseTo(0.75, within(1e-9));
        assertThat(shares.shareOf("app/0_0", 1.0)).isCloseTo(0.25, within(1e-9));
        // a task whose campaigns have no work posts 0 and leaves the whole rate to the others
        assertThat(shares.shareOf("app/0_0", 0.0)).isZero();
        assertThat(shares.shareOf("app/0_1", 3.0)).isEqualTo(1.0);
    }

    @Test
    void aTaskThatStoppedPostingDropsOutOfTheShares() throws Exception {
        RateShares shares = new RateShares(redis.sync(), keys, Duration.ofMillis(300));
        shares.shareOf("gone/0_0", 5.0);
        assertThat(shares.shareOf("here/0_1", 5.0)).isCloseTo(0.5, within(1e-9));

        Thread.sleep(400);

        assertThat(shares.shareOf("here/0_1", 5.0)).isEqualTo(1.0);
        assertThat(redis.sync().hkeys(keys.rateShares())).containsExactly("here/0_1");
    }
}
