package com.dialer.state.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.AttemptProjection.Change;
import com.dialer.state.attempt.ArchivedCalls.Call;

@ExtendWith(LocalStackExtension.class)
class ArchivedCallsIT {

    private static final Duration HOT_WINDOW = Duration.ofDays(30);
    private static final Duration AFTER_ARCHIVE = Duration.ofHours(6);

    private final RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("archived"));
    private final AttemptProjection projection = new AttemptProjection(keys, HOT_WINDOW);
    private final ArchivedCalls archived = new ArchivedCalls(keys, AFTER_ARCHIVE);
    private RedisConnection redis;

    @BeforeEach
    void connect(LocalStack stack) {
        redis = RedisConnection.open("REDIS_URI", stack.redis().uri());
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private void project(String attemptId, String state, boolean finished) {
        Map<String, String> fields = finished
                ? Map.of("attemptId", attemptId, "finalStatus", state, "disposition", state)
                : Map.of("attemptId", attemptId);
        projection.apply(redis.sync(), new Change("c-1", "camp-1", attemptId, 1, state, 1_000L, fields));
    }

    private int shorten(String... attemptIds) throws Exception {
        List<Call> calls = java.util.Arrays.stream(attemptIds).map(id -> new Call("c-1", id)).toList();
        return archived.shorten(redis.async(), calls).get(5, TimeUnit.SECONDS);
    }

    private long ttl(String attemptId) {
        return redis.sync().ttl(keys.attempt("c-1", attemptId));
    }

    @Test
    void shouldShrinkEachArchivedCallsHotCopyToTheWindowInOneBatch() throws Exception {
        project("camp-1:k1:1", "COMPLETED", true);
        project("camp-1:k2:1", "BUSY", true);
        assertThat(ttl("camp-1:k1:1")).isGreaterThan(AFTER_ARCHIVE.toSeconds());

        assertThat(shorten("camp-1:k1:1", "camp-1:k2:1")).isEqualTo(2);

        assertThat(ttl("camp-1:k1:1")).isBetween(AFTER_ARCHIVE.toSeconds() - 5, AFTER_ARCHIVE.toSeconds());
        assertThat(ttl("camp-1:k2:1")).isBetween(AFTER_ARCHIVE.toSeconds() - 5, AFTER_ARCHIVE.toSeconds());
        assertThat(redis.sync().hget(keys.attempt("c-1", "camp-1:k1:1"), "finalStatus")).isEqualTo("COMPLETED");
    }

    @Test
    void shouldNeverLengthenAHotCopyThatExpiresSooner() throws Exception {
        project("camp-1:k3:1", "NO_ANSWER", true);
        redis.sync().expire(keys.attempt("c-1", "camp-1:k3:1"), 60);

        assertThat(shorten("camp-1:k3:1")).isZero();

        assertThat(ttl("camp-1:k3:1")).isBetween(1L, 60L);
    }

    @Test
    void shouldLeaveALiveAttemptItsHotWindow() throws Exception {
        project("camp-1:k4:1", "RINGING", false);

        assertThat(shorten("camp-1:k4:1")).isZero();

        assertThat(ttl("camp-1:k4:1")).isGreaterThan(AFTER_ARCHIVE.toSeconds());
    }

    @Test
    void shouldNotRecreateAHotCopyThatIsGone() throws Exception {
        assertThat(shorten("camp-1:k5:1")).isZero();

        assertThat(redis.sync().exists(keys.attempt("c-1", "camp-1:k5:1"))).isZero();
    }

    @Test
    void shouldReloadTheScriptAfterRedisForgotIt() throws Exception {
        project("camp-1:k6:1", "FAILED", true);
        redis.sync().scriptFlush();

        assertThat(shorten("camp-1:k6:1")).isEqualTo(1);
    }
}
