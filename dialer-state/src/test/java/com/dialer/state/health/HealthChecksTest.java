package com.dialer.state.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import com.dialer.state.health.HealthCheck.CheckResult;

class HealthChecksTest {

    @Test
    void readyOnlyWhenEveryCheckIsUpAndTheBodyNamesEachCheck() {
        HealthChecks checks = HealthChecks.builder()
                .live(HealthCheck.of("loop", () -> CheckResult.up("polling")))
                .ready(HealthCheck.of("redis", () -> CheckResult.down("RedisConnectionException")))
                .build();

        assertThat(checks.live().httpStatus()).isEqualTo(200);
        HealthReport ready = checks.ready();
        assertThat(ready.httpStatus()).isEqualTo(503);
        assertThat(ready.json()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{"
                + "\"loop\":{\"status\":\"UP\",\"detail\":\"polling\"},"
                + "\"redis\":{\"status\":\"DOWN\",\"detail\":\"RedisConnectionException\"}}}");
    }

    @Test
    void aCheckThatHangsOrThrowsIsDownAndTheProbeStillAnswers() {
        HealthChecks checks = HealthChecks.builder()
                .ready(HealthCheck.of("hung", () -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return CheckResult.up("late");
                }))
                .ready(HealthCheck.of("broken", () -> {
                    throw new IllegalStateException("boom");
                }))
                .build();

        HealthReport ready = checks.ready();

        assertThat(ready.up()).isFalse();
        assertThat(ready.checks().get("hung")).isEqualTo(CheckResult.down("no answer within 2000 ms"));
        assertThat(ready.checks().get("broken")).isEqualTo(CheckResult.down("IllegalStateException"));
    }

    @Test
    void noChecksMeansUp() {
        assertThat(HealthChecks.none().ready().httpStatus()).isEqualTo(200);
    }

    @Test
    void aStreamsClientIsReadyWhenRunningAndNeitherReadyNorLiveOnceItFailed() {
        try (KafkaStreams streams = client()) {
            AtomicBoolean failed = new AtomicBoolean();
            StreamsHealth health = StreamsHealth.watch("app", streams).onFailure(() -> failed.set(true));
            HealthChecks checks = HealthChecks.builder().live(health.live()).ready(health.ready()).build();
            assertThat(checks.ready().up()).as("CREATED").isFalse();

            health.changed(State.REBALANCING);
            assertThat(checks.ready().up()).as("a rebalance just begun").isTrue();
            health.changed(State.RUNNING);
            assertThat(checks.ready().checks().get("streams.app")).isEqualTo(CheckResult.up("RUNNING"));

            health.changed(State.PENDING_ERROR);
            assertThat(checks.ready().up()).isFalse();
            health.changed(State.ERROR);
            assertThat(checks.live().up()).isFalse();
            assertThat(failed).isTrue();
        }
    }

    @Test
    void aStreamThreadThatFailsAgainAndAgainIsNoLongerReadyOrLiveEvenWhileRunning() {
        try (KafkaStreams streams = client()) {
            StreamsHealth health = StreamsHealth.watch("app", streams);
            HealthChecks checks = HealthChecks.builder().live(health.live()).ready(health.ready()).build();
            health.changed(State.RUNNING);
            for (int i = 1; i < StreamsHealth.FAILURES_IN_BOUND; i++) {
                health.threadFailed();
            }
            assertThat(checks.ready().up()).as("a failure now and then: a replaced thread retries").isTrue();

            health.threadFailed();

            assertThat(checks.ready().up()).isFalse();
            assertThat(checks.live().checks().get("streams.app").detail()).isEqualTo("3 stream thread failures in 60 s");
        }
    }

    /** A client never started: its state is only what the test tells its listener. */
    private static KafkaStreams client() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "health-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        return new KafkaStreams(builder.build(), props);
    }
}
