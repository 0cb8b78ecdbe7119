package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskedTest {

    @Test
    void aUriKeepsItsHostAndLosesItsCredentials() {
        assertThat(Masked.uri("redis://:s3cret@redis:6379/0")).isEqualTo("redis://****@redis:6379/0");
        assertThat(Masked.uri("rediss://app:s3cret@redis:6379")).isEqualTo("rediss://****@redis:6379");
        assertThat(Masked.uri("mongodb://analyst:p@ss/w0rd@mongo:27017/dialer")).isEqualTo("mongodb://****@mongo:27017/dialer");
        assertThat(Masked.uri("mongodb://user:pw@db:27017/?authSource=admin&password=pw2")).isEqualTo(
                "mongodb://****@db:27017/?authSource=admin&password=****");
        assertThat(Masked.uri("redis://redis:6379")).isEqualTo("redis://redis:6379");
        assertThat(Masked.uri(null)).isNull();
    }

    @Test
    void aSecretIsNeverShownOnlyWhetherItIsSet() {
        assertThat(Masked.secret("token")).isEqualTo("****");
        assertThat(Masked.secret(null)).isEqualTo("(unset)");
        assertThat(Masked.secret(" ")).isEqualTo("(unset)");
    }

    @Test
    void phoneNumbersInFreeTextAreMasked() {
        assertThat(Masked.numbers("bad percent escape in form data near '%2B14155550101&x'")).isEqualTo(
                "bad percent escape in form data near '****&x'");
        assertThat(Masked.numbers("To +1 415 555 0101 refused")).isEqualTo("To **** refused");
        assertThat(Masked.numbers("body of 4097 bytes, over the limit of 4096")).isEqualTo("body of 4097 bytes, over the limit of 4096");
    }
}
