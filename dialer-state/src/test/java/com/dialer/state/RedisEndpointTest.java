package com.dialer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisURI;

class RedisEndpointTest {

    @Test
    void aRedisUriIsOneNode() {
        RedisEndpoint e = RedisEndpoint.parse("REDIS_URI", "rediss://app:s3cret@cache:6380/2");

        assertThat(e.shape()).isEqualTo(RedisEndpoint.Shape.STANDALONE);
        RedisURI node = e.nodes().get(0);
        assertThat(node.getHost()).isEqualTo("cache");
        assertThat(node.getPort()).isEqualTo(6380);
        assertThat(node.getDatabase()).isEqualTo(2);
        assertThat(node.isSsl()).isTrue();
        assertThat(e.toString()).doesNotContain("s3cret");
    }

    @Test
    void aSentinelUriNamesItsSentinelsAndMaster() {
        RedisEndpoint e = RedisEndpoint.parse("REDIS_URI", "redis-sentinel://h1:26379,h2:26380/0#mymaster");

        assertThat(e.shape()).isEqualTo(RedisEndpoint.Shape.SENTINEL);
        RedisURI uri = e.nodes().get(0);
        assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", 26379), org.assertj.core.groups.Tuple.tuple("h2", 26380));
    }

    @Test
    void aClusterUriIsOneSeedPerHostWithTheSameCredentials() {
        RedisEndpoint e = RedisEndpoint.parse("REDIS_URI", "rediss-cluster://app:s3cret@h1:7000,h2:7001,h3:7002");

        assertThat(e.shape()).isEqualTo(RedisEndpoint.Shape.CLUSTER);
        assertThat(e.nodes()).extracting(RedisURI::getHost).containsExactly("h1", "h2", "h3");
        assertThat(e.nodes()).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7002);
        assertThat(e.nodes()).allSatisfy(n -> {
            assertThat(n.isSsl()).isTrue();
            io.lettuce.core.RedisCredentials c = n.getCredentialsProvider().resolveCredentials().block();
            assertThat(c.getUsername()).isEqualTo("app");
            assertThat(new String(c.getPassword())).isEqualTo("s3cret");
        });
    }

    @Test
    void aSentinelUriWithoutAMasterIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> RedisEndpoint.parse("REDIS_URI", "redis-sentinel://h1:26379,h2:26379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("REDIS_URI: ")
                .hasMessageContaining("#<master name>");
    }

    @Test
    void malformedUrisAreRefusedNamingTheKeyWithoutThePassword() {
        assertThatThrownBy(() -> RedisEndpoint.parse("REDIS_URI", "http://app:s3cret@cache:6379"))
                .hasMessageStartingWith("REDIS_URI: unknown scheme 'http'").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisEndpoint.parse("REDIS_URI", "redis-cluster://app:s3cret@h1:7000,h2"))
                .hasMessageStartingWith("REDIS_URI: each seed must be host:port, was 'h2'").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisEndpoint.parse("REDIS_URI", "redis-cluster://h1:7000/3"))
                .hasMessageContaining("database 0 only");
        assertThatThrownBy(() -> RedisEndpoint.parse("REDIS_URI", "redis-cluster://"))
                .hasMessageStartingWith("REDIS_URI: each seed must be host:port");
        assertThatThrownBy(() -> RedisEndpoint.parse("REDIS_URI", " "))
                .hasMessage("REDIS_URI: required, e.g. redis://localhost:6379");
    }
}
