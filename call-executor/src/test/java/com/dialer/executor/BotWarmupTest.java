package com.dialer.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.DialRequest;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.OutboundUrlPolicy;
import com.sun.net.httpserver.HttpServer;

class BotWarmupTest {
    // loading the serde makes Avro trust our generated classes, which building a request needs
    private static final AvroSerde<DialRequest> SERDE = AvroSerde.of(DialRequest.class);
    private final AtomicInteger posts = new AtomicInteger();
    private HttpServer internal;

    @BeforeEach
    void start() throws Exception {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            posts.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        internal.start();
    }

    @AfterEach
    void stop() {
        internal.stop(0);
    }

    private DialRequest request(String warmupUrl) {
        return DialRequest.newBuilder().setAttemptId("c:1:1").setCampaignId("c").setClientId("acme").setContactId("1")
                .setPhoneNumber("+12015550123").setTimeZone("UTC").setAttemptNumber(1).setCallerId("+12015550100")
                .setRingTimeoutSeconds(30).setTimeLimitSeconds(60).setAnswer(AnswerSettings.newBuilder().setWarmupUrl(warmupUrl).build())
                .setReleasedAt(Instant.now()).build();
    }

    @Test
    void aWarmUpToAnInternalAddressIsNeverPosted() throws Exception {
        BotWarmup warmup = BotWarmup.overHttp(Duration.ofSeconds(2), OutboundUrlPolicy.standard());
        String url = "http://127.0.0.1:" + internal.getAddress().getPort() + "/admin";

        assertThat(warmup.warm(request(url))).startsWith("bot warm-up refused: warmupUrl scheme http");
        assertThat(warmup.warm(request(url.replace("http:", "https:")))).contains("loopback");
        assertThat(warmup.warm(request("https://169.254.169.254/latest/meta-data/"))).contains("not named in OUTBOUND_URL_HOSTS");
        assertThat(posts).hasValue(0);
    }

    @Test
    void aWarmUpToAnAddressTheOperatorNamedIsPosted() throws Exception {
        OutboundUrlPolicy local = OutboundUrlPolicy.from(new EnvironmentKeys(
                Map.of("OUTBOUND_URL_SCHEMES", "http", "OUTBOUND_URL_HOSTS", "127.0.0.1")::get));
        BotWarmup warmup = BotWarmup.overHttp(Duration.ofSeconds(2), local);

        assertThat(warmup.warm(request("http://127.0.0.1:" + internal.getAddress().getPort() + "/warm"))).isNull();
        assertThat(posts).hasValue(1);
    }
}
