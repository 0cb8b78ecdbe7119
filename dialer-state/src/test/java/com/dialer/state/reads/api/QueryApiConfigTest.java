package com.dialer.state.reads.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryApiConfigTest {
    private static final Map<String, String> BASE = Map.of("REDIS_URI", "redis://:pw@127.0.0.1:6379", "MONGODB_URI",
            "mongodb://user:mongo-secret@h1:27017,h2:27017/?replicaSet=rs0");

    @Test
    void withoutAKeyStoreItIsPlainHttpOnLoopbackPort8080AndItsSecretsAreMasked() {
        QueryApiConfig config = QueryApiConfig.from(BASE);
        assertThat(config.server().tls()).isNull();
        assertThat(config.server().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.mongoUri()).as("a replica set's several hosts are a valid URI").contains("h1:27017,h2:27017");
        assertThat(config.toString()).contains("plain HTTP").doesNotContain("mongo-secret").doesNotContain(":pw@");
    }

    @Test
    void aKeyStoreTurnsHttpsOnAndEveryHalfOfAPairOrABadValueIsRefusedNamingItsKey(@TempDir Path dir) throws Exception {
        Path store = Files.writeString(dir.resolve("api.p12"), "not checked until the server starts");
        QueryApiConfig tls = QueryApiConfig.from(with("QUERY_API_TLS_KEYSTORE", store.toString(), "QUERY_API_TLS_KEYSTORE_PASSWORD", "s3cret"));
        assertThat(tls.server().tls().keyStore()).isEqualTo(store);
        assertThat(tls.server().tls().type()).isEqualTo("PKCS12");
        assertThat(tls.toString()).doesNotContain("s3cret");

        assertThatThrownBy(() -> QueryApiConfig.from(with("QUERY_API_TLS_KEYSTORE", store.toString())))
                .hasMessage("QUERY_API_TLS_KEYSTORE_PASSWORD: required with QUERY_API_TLS_KEYSTORE");
        assertThatThrownBy(() -> QueryApiConfig.from(with("QUERY_API_TLS_KEYSTORE_PASSWORD", "s3cret")))
                .hasMessage("QUERY_API_TLS_KEYSTORE_PASSWORD: set without QUERY_API_TLS_KEYSTORE");
        assertThatThrownBy(() -> QueryApiConfig.from(with("QUERY_API_TLS_KEYSTORE", dir.resolve("absent.p12").toString(),
                "QUERY_API_TLS_KEYSTORE_PASSWORD", "s3cret"))).hasMessageStartingWith("QUERY_API_TLS_KEYSTORE: no readable key store at");
        assertThatThrownBy(() -> QueryApiConfig.from(with("QUERY_API_TLS_KEYSTORE", store.toString(), "QUERY_API_TLS_KEYSTORE_PASSWORD",
                "s3cret", "QUERY_API_TLS_KEYSTORE_TYPE", "PEM"))).hasMessage("QUERY_API_TLS_KEYSTORE_TYPE: must be PKCS12 or JKS, was PEM");
        assertThatThrownBy(() -> QueryApiConfig.from(with("QUERY_API_PORT", "http"))).hasMessageStartingWith("QUERY_API_PORT:");
        assertThatThrownBy(() -> QueryApiConfig.from(Map.of("REDIS_URI", "redis://127.0.0.1"))).hasMessage("MONGODB_URI: required, not set");
    }

    private static Map<String, String> with(String... pairs) {
        Map<String, String> env = new HashMap<>(BASE);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
