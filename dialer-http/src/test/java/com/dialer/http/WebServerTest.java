package com.dialer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.dialer.stack.SelfSignedKeyStore;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class WebServerTest {
    // the default header deadline (10 s): a TLS handshake or a first request on a loaded machine may take a while
    private static final ServerSettings LOOPBACK = ServerSettings.of("test", "127.0.0.1", 0).withMaxBodyBytes(64);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    @Test
    void aRouteAnswersWithItsStatusTypeHeadersAndBody() throws Exception {
        server = WebServer.start(LOOPBACK, new Routes()
                .on("/echo", r -> Reply.text(201, r.method() + " " + r.path() + " " + r.rawQuery() + " " + r.header("X-Id")
                        + " " + new String(r.body(), StandardCharsets.UTF_8)).withHeader("X-Seen", "yes"))
                .on("/json", r -> Reply.json(200, List.of(1, 2))));

        HttpResponse<String> echo = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/echo/a%20b?q=1"))
                .header("X-Id", "7").POST(HttpRequest.BodyPublishers.ofString("hi")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(echo.statusCode()).isEqualTo(201);
        assertThat(echo.body()).isEqualTo("POST /echo/a b q=1 7 hi");
        assertThat(echo.headers().firstValue("X-Seen")).contains("yes");
        assertThat(echo.headers().firstValue("Content-Type")).contains(Reply.TEXT);
        assertThat(get("/json").body()).isEqualTo("[1,2]");
        HttpResponse<String> missing = get("/nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("not found: /nowhere");
    }

    @Test
    void withAKeyStoreItServesHttpsOnlyAndAWrongPasswordStopsItsStartNamingTheStore(@TempDir Path dir) throws Exception {
        SelfSignedKeyStore keys = SelfSignedKeyStore.create(dir, "changeit-" + System.nanoTime());
        server = WebServer.start(LOOPBACK.withTls(new Tls(keys.path(), keys.password(), Tls.PKCS12)), r -> Reply.text(200, "secure\n"));
        assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");

        try (HttpClient trusting = HttpClient.newBuilder().sslContext(keys.trustingContext()).build()) {
            HttpResponse<String> reply = trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("secure\n");
        }
        // plain HTTP on the TLS port gets no answer a client could take for one
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("https:", "http:") + "/")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        // nor does a client that does not trust the certificate
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLException.class);

        Tls wrong = new Tls(keys.path(), "not-the-password", Tls.PKCS12);
        assertThat(wrong.toString()).doesNotContain("not-the-password");
        assertThatThrownBy(() -> WebServer.start(LOOPBACK.withTls(wrong), r -> Reply.text(200, "")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("test: cannot start with").hasMessageContaining(keys.path().toString())
                .hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> new Tls(dir.resolve("absent.p12"), "x", Tls.PKCS12)).hasMessageContaining("no readable key store at");
    }

    @Test
    void queryParametersAreDecodedAsUtf8AndABadEscapeIsTheClientsMistake() throws Exception {
        server = WebServer.start(LOOPBACK, r -> {
            try {
                return Reply.text(200, r.queryParameters().toString());
            } catch (IllegalArgumentException e) {
                return Reply.text(400, "malformed query\n");
            }
        });

        assertThat(get("/?since=2026-03-02T09%3A15%3A00Z&name=J%C3%BCrgen&since=later&empty=").body())
                .isEqualTo("{since=2026-03-02T09:15:00Z, name=J\u00fcrgen, empty=}");
        // java.net.URI refuses to build these: sent as raw bytes
        assertThat(rawStatusLine("/?since=%ZZ")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(rawStatusLine("/?name=%FF%FE")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(get("/").body()).isEqualTo("{}");
    }

    @Test
    void aBodyOverTheLimitIs413WithItsSize() throws Exception {
        server = WebServer.start(LOOPBACK, r -> Reply.text(200, new String(r.body(), StandardCharsets.UTF_8)));

        HttpResponse<String> declared = post("/", "x".repeat(65));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("body of 65 bytes, over the limit of 64");
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[100]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("body over the limit of 64 bytes");
        assertThat(post("/", "x".repeat(64)).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientDribblingItsHeadersIsCutOffAlthoughEachByteComesBeforeTheIdleTimeout() throws Exception {
        server = WebServer.start(LOOPBACK.withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1)), r -> Reply.text(200, "late\n"));

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            boolean cut = false;
            // one header byte every 100 ms for up to 10 s: well inside the 30 s idle timeout, never a whole request
            for (int i = 0; i < 100 && !cut; i++) {
                try {
                    out.write(i == 0 ? "GET / HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII) : new byte[] {'a'});
                    out.flush();
                    Thread.sleep(100);
                } catch (java.io.IOException e) {
                    cut = true;
                }
            }
            String answer;
            try {
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            } catch (java.net.SocketException reset) {
                answer = "";
            }
            assertThat(answer).as("the server closed the connection without an answer").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("cut off before the dribble ended").isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void everyRequestIsOneAccessLogLineWithoutItsQuery() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("com.dialer.http.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            server = WebServer.start(LOOPBACK, r -> Reply.text(202, "ok\n"));
            assertThat(get("/plivo/ring?To=%2B14155550100&secret=s3cr3t").statusCode()).isEqualTo(202);

            await(() -> !lines.list.isEmpty());
            assertThat(lines.list).hasSize(1);
            String line = lines.list.get(0).getFormattedMessage();
            assertThat(line).startsWith("test 127.0.0.1 GET /plivo/ring 202 3B ").endsWith("ms");
            assertThat(line).doesNotContain("4155550100", "s3cr3t", "?");
        } finally {
            access.detachAppender(lines);
        }
    }

    @Test
    void closingWaitsForTheRequestInFlightAndRefusesNewOnes() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server = WebServer.start(LOOPBACK.withDrainTimeout(Duration.ofSeconds(10)), r -> {
            inside.countDown();
            release.await();
            return Reply.text(200, "finished\n");
        });
        String base = server.baseUrl();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        Thread.sleep(300);
        assertThat(closing).as("close waits for the request in flight").isNotDone();
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        server = null;

        HttpResponse<String> answered = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("finished\n");
        HttpClient fresh = HttpClient.newHttpClient();
        try (fresh) {
            assertThat(fresh.sendAsync(HttpRequest.newBuilder(URI.create(base + "/late")).build(), HttpResponse.BodyHandlers.ofString()))
                    .failsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRouteThatThrowsIs500AndTheServerGoesOn() throws Exception {
        server = WebServer.start(LOOPBACK, r -> {
            if (r.path().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            return Reply.empty(204);
        });

        HttpResponse<String> boom = get("/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).isEqualTo("internal error\n");
        assertThat(get("/fine").statusCode()).isEqualTo(204);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String rawStatusLine(String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
