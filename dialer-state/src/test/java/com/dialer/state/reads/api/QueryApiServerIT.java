package com.dialer.state.reads.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.state.RedisKeys;
import com.dialer.state.reads.TieredReadConfig;
import com.dialer.state.reads.TieredReader;
import com.dialer.stack.LocalStack;
import com.dialer.stack.SelfSignedKeyStore;
import com.dialer.stack.LocalStackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

@ExtendWith(LocalStackExtension.class)
class QueryApiServerIT {

    private static final java.time.Instant ENDED = java.time.Instant.parse("2026-03-02T09:15:00Z");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> connection;
    private MongoClient mongo;
    private static final ApiTokens TOKENS = ApiTokens.parse(ApiTokens.hash("token-acme") + "=acme," + ApiTokens.hash("token-globex") + "=globex");

    private QueryApiServer api;
    private TieredReader reader;
    private RedisKeys keys;

    @BeforeEach
    void start(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("api");
        redisClient = RedisClient.create(stack.redis().uri());
        connection = redisClient.connect();
        mongo = MongoClients.create(stack.mongo().connectionString());
        MongoDatabase archive = mongo.getDatabase(prefix.replace('-', '_').replace('.', '_'));
        keys = new RedisKeys(prefix + ":");
        reader = new TieredReader(connection.sync(), archive, keys,
                new TieredReadConfig(Duration.ofSeconds(5), Duration.ofDays(30), 50),
                Clock.fixed(ENDED.plusSeconds(60), ZoneOffset.UTC));
        api = QueryApiServer.start(QueryApiServer.loopback(), reader, TOKENS);

        connection.sync().hset(keys.attempt("acme", "a-1"), Map.of("state", "RINGING", "version", "3",
                "attemptId", "a-1", "campaignId", "camp-1", "clientId", "acme",
                "ringingAt", Long.toString(ENDED.toEpochMilli())));
        connection.sync().zadd(keys.recentCalls("acme"), ENDED.toEpochMilli(), "a-1");
        connection.sync().hset(keys.campaignStats("acme", "camp-1"), Map.of("ringing", "1", "attempts", "1"));
        archive.getCollection("calls").insertOne(new Document("_id", "g-1").append("attemptId", "g-1")
                .append("clientId", "globex").append("campaignId", "camp-9").append("disposition", "ANSWERED")
                .append("finalStatus", "COMPLETED").append("endedAt", java.util.Date.from(ENDED)));
    }

    @AfterEach
    void stop() {
        api.close();
        connection.close();
        redisClient.shutdown();
        mongo.close();
    }

    @Test
    void aRequestWithoutAKnownTokenIsUnauthorised() throws Exception {
        assertThat(get("/calls/a-1", null).statusCode()).isEqualTo(401);
        assertThat(get("/calls/a-1", "Bearer nope").statusCode()).isEqualTo(401);
        assertThat(get("/calls/a-1", "token-acme").statusCode()).as("not a bearer header").isEqualTo(401);
        assertThat(get("/calls/a-1", "Bearer " + ApiTokens.hash("token-acme")).statusCode()).as("the hash is no token").isEqualTo(401);
        assertThat(get("/calls/a-1", "bearer token-acme").statusCode()).as("the scheme in any case").isEqualTo(200);
    }

    @Test
    void aClientReadsItsOwnCallCampaignAndRecentCallsAsJson() throws Exception {
        HttpResponse<String> call = get("/calls/a-1", "Bearer token-acme");
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.headers().firstValue("X-Read-Tier")).hasValue("HOT");
        JsonNode callJson = json(call);
        assertThat(callJson.get("state").asText()).isEqualTo("RINGING");
        assertThat(callJson.get("ringingAt").asText()).isEqualTo(ENDED.toString());
        assertThat(callJson.has("disposition")).as("every field is present, null when unknown").isTrue();

        HttpResponse<String> campaign = get("/campaigns/camp-1", "Bearer token-acme");
        assertThat(campaign.statusCode()).isEqualTo(200);
        assertThat(json(campaign).get("counters").get("ringing").asLong()).isEqualTo(1);

        HttpResponse<String> recent = get("/clients/acme/calls?since=" + ENDED.minusSeconds(60), "Bearer token-acme");
        assertThat(recent.statusCode()).isEqualTo(200);
        assertThat(json(recent).get("calls").findValuesAsText("attemptId")).isEqualTo(List.of("a-1"));
    }

    @Test
    void oneClientCannotReadAnothersData() throws Exception {
        assertThat(get("/calls/a-1", "Bearer token-globex").statusCode()).isEqualTo(404);
        assertThat(get("/campaigns/camp-1", "Bearer token-globex").statusCode()).isEqualTo(404);
        assertThat(get("/calls/g-1", "Bearer token-acme").statusCode()).isEqualTo(404);
        assertThat(get("/clients/globex/calls?since=0", "Bearer token-acme").statusCode()).isEqualTo(403);

        HttpResponse<String> own = get("/calls/g-1", "Bearer token-globex");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.headers().firstValue("X-Read-Tier")).hasValue("COLD");
    }

    @Test
    void anIdThatCouldNameAnotherClientsKeyIsRefusedBeforeAnyKeyIsBuilt() throws Exception {
        // attempt:{acme}:evil}:X would be a key of client "acme}:X"'s neighbour; such ids never reach Redis
        for (String path : List.of("/calls/evil%7D:X", "/calls/a%7Bb%7D", "/campaigns/camp:1", "/campaigns/c%7Bglobex%7D")) {
            HttpResponse<String> refused = get(path, "Bearer token-acme");
            assertThat(refused.statusCode()).as(path).isEqualTo(400);
            assertThat(json(refused).get("error").asText()).as(path).contains("A-Z a-z 0-9 . _ -");
        }
    }

    @Test
    void withAKeyStoreInItsSettingsTheApiAnswersOverHttpsOnly(@TempDir Path dir) throws Exception {
        SelfSignedKeyStore store = SelfSignedKeyStore.create(dir, "store-" + System.nanoTime());
        QueryApiConfig config = QueryApiConfig.from(Map.of("REDIS_URI", "redis://127.0.0.1:6379", "MONGODB_URI", "mongodb://127.0.0.1",
                "QUERY_API_PORT", "0", "QUERY_API_TLS_KEYSTORE", store.path().toString(), "QUERY_API_TLS_KEYSTORE_PASSWORD", store.password()));
        assertThat(config.toString()).contains("with Tls[keyStore=").doesNotContain(store.password());
        try (QueryApiServer secure = QueryApiServer.start(config.server(), reader, TOKENS);
             HttpClient trusting = HttpClient.newBuilder().sslContext(store.trustingContext()).build()) {
            assertThat(secure.baseUrl()).startsWith("https://127.0.0.1:");
            HttpResponse<String> call = trusting.send(HttpRequest.newBuilder(URI.create(secure.baseUrl() + "/calls/a-1"))
                    .header("Authorization", "Bearer token-acme").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(json(call).get("state").asText()).isEqualTo("RINGING");
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(secure.baseUrl().replace("https:", "http:") + "/calls/a-1"))
                    .header("Authorization", "Bearer token-acme").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("the token never crosses plain HTTP").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void badRequestsGetAClearError() throws Exception {
        HttpResponse<String> noSince = get("/clients/acme/calls", "Bearer token-acme");
        assertThat(noSince.statusCode()).isEqualTo(400);
        assertThat(json(noSince).get("error").asText()).contains("since");
        assertThat(get("/clients/acme/calls?since=yesterday", "Bearer token-acme").statusCode()).isEqualTo(400);
        // java.net.URI refuses to build it: sent as raw bytes
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /clients/acme/calls?since=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer token-acme\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 400 ").contains("{\"error\":\"malformed query");
        }
        assertThat(get("/clients/acme/calls?since=" + java.net.URLEncoder.encode(ENDED.minusSeconds(60).toString(),
                java.nio.charset.StandardCharsets.UTF_8), "Bearer token-acme").statusCode()).as("an escaped instant").isEqualTo(200);
        assertThat(get("/nothing/here", "Bearer token-acme").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/calls/a-1"))
                .header("Authorization", "Bearer token-acme").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }
}
