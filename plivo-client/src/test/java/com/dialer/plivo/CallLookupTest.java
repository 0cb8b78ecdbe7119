package com.dialer.plivo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class CallLookupTest {

    @Test
    void recordTimesAreReadWithOrWithoutAnOffsetAndAsUtcWithout() {
        assertThat(CallLookup.time("2015-07-26 15:45:02+05:30")).isEqualTo(Instant.parse("2015-07-26T10:15:02Z"));
        assertThat(CallLookup.time("2026-12-07 10:00:05")).isEqualTo(Instant.parse("2026-12-07T10:00:05Z"));
        assertThat(CallLookup.time("2017-05-22 13:17:49.050872")).isEqualTo(Instant.parse("2017-05-22T13:17:49.050872Z"));
        assertThat(CallLookup.time("")).isNull();
        assertThat(CallLookup.time("yesterday")).isNull();
    }

    @Test
    void numbersMatchWhetherOrNotPlivoKeepsThePlus() {
        assertThat(CallLookup.sameNumber("+14155550001", "14155550001")).isTrue();
        assertThat(CallLookup.sameNumber("+14155550001", "+14155550002")).isFalse();
        assertThat(CallLookup.sameNumber(null, "+14155550002")).isFalse();
    }
}
