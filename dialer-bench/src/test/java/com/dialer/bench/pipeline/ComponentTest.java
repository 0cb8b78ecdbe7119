package com.dialer.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ComponentTest {

    @Test
    void threadsAreChargedToTheServiceTheirNameStartsWith() {
        assertThat(Component.ofThread("dialer-scheduler-80cde122-StreamThread-1")).isEqualTo(Component.SCHEDULER);
        assertThat(Component.ofThread("kafka-producer-network-thread | dialer-scheduler-80cde122-StreamThread-1-producer"))
                .isEqualTo(Component.SCHEDULER);
        assertThat(Component.ofThread("status-processor-501a-StreamThread-1")).isEqualTo(Component.STATUS);
        assertThat(Component.ofThread("kafka-producer-network-thread | status-processor-reconciler-1f")).isEqualTo(Component.STATUS);
        assertThat(Component.ofThread("call-executor-poll")).isEqualTo(Component.EXECUTOR);
        assertThat(Component.ofThread("kafka-producer-network-thread | call-executor-events-2a")).isEqualTo(Component.EXECUTOR);
        assertThat(Component.ofThread("kafka-producer-network-thread | webhook-bridge-97d3")).isEqualTo(Component.BRIDGE);
        assertThat(Component.ofThread("plivo-sim-http-129")).isEqualTo(Component.SIMULATOR);
        assertThat(Component.ofThread("HttpClient-1-SelectorManager")).isEqualTo(Component.SIMULATOR);
        assertThat(Component.ofThread("task-thread-archiver-sink-0")).isEqualTo(Component.ARCHIVER);
        assertThat(Component.ofThread("ForkJoinPool-1-worker-2")).isEqualTo(Component.CARRIERS);
        assertThat(Component.ofThread("lettuce-nioEventLoop-4-1")).isEqualTo(Component.REDIS_CLIENT);
    }

    @Test
    void theBrokersThreadsAreTheBrokersAndAnUnknownNameIsOther() {
        assertThat(Component.ofThread("data-plane-kafka-request-handler-3")).isEqualTo(Component.BROKER);
        assertThat(Component.ofThread("executor-Fetch")).isEqualTo(Component.BROKER);
        assertThat(Component.ofThread("TxnMarkerSenderThread-1")).isEqualTo(Component.BROKER);
        assertThat(Component.ofThread("quorum-controller-1-event-handler")).isEqualTo(Component.BROKER);
        assertThat(Component.ofThread("pool-12-thread-1")).isEqualTo(Component.OTHER);
    }

    @Test
    void aVirtualThreadsCodeNamesItsService() {
        assertThat(Component.ofClass("com.dialer.executor.DialAttempt")).isEqualTo(Component.EXECUTOR);
        assertThat(Component.ofClass("com.dialer.bridge.CallbackEndpoint")).isEqualTo(Component.BRIDGE);
        assertThat(Component.ofClass("com.dialer.plivosim.CallbackSender")).isEqualTo(Component.SIMULATOR);
        assertThat(Component.ofClass("com.dialer.http.WebServer")).isNull();
    }

    @Test
    void theFlameGraphDrawsEachFrameOnceWithItsSamples() {
        String svg = FlameGraphSvg.render(Map.of("part;a;b", 3L, "part;a;c", 1L), "t");

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n")
                .contains("<title>part (4 samples, 100.00%)</title>")
                .contains("<title>a (4 samples, 100.00%)</title>")
                .contains("<title>b (3 samples, 75.00%)</title>")
                .contains("<title>c (1 samples, 25.00%)</title>");
    }
}
