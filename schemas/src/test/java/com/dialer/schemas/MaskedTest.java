package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskedTest {

    @Test
    void aUriKeepsItsHostAndLosesItsCredentials() {
        assertThat(Masked.uri("redis://:s3cret@redis:6379/0")).isEqualTo("redis://****@redis:6379/0");
        assertThat(Masked.uri("rediss://app:s3cret@redis:6379")).isEqualTo("rediss://****@redis:6379");
        assertThat(Masked.uri("mongodb://analyst:p@ss/w0rd@mongo:27017/dialer")).isEqualTo("mongodb://****@mongo:27017/dialer");
        assertThat(Masked.uri("redis://redis:6379")).isEqualTo("redis://redis:6379");
        assertThat(Masked.uri(null)).isNull();
    }

    @Test
    void aSecretIsNeverShownOnlyWhetherItIsSet() {
        assertThat(Masked.secret("token")).isEqualTo("****");
        assertThat(Masked.secret(null)).isEqualTo("(unset)");
        assertThat(Masked.secret(" ")).isEqualTo("(unset)");
    }
}
