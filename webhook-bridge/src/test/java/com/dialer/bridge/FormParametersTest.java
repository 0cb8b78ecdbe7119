package com.dialer.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FormParametersTest {

    @Test
    void shouldDecodePlusAndPercentEscapesAsUtf8() throws Exception {
        assertThat(FormParameters.parse("From=%2B14155550100&CallerName=Jos%C3%A9+P&Empty=&Flag"))
                .containsEntry("From", "+14155550100")
                .containsEntry("CallerName", "José P")
                .containsEntry("Empty", "")
                .containsEntry("Flag", "");
    }

    @Test
    void shouldReadNothingFromNothing() throws Exception {
        assertThat(FormParameters.parse(null)).isEmpty();
        assertThat(FormParameters.parse("")).isEmpty();
    }

    @Test
    void shouldRefuseABadPercentEscape() {
        assertThatThrownBy(() -> FormParameters.parse("CallStatus=%zzbusy")).isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("bad percent escape");
        assertThatThrownBy(() -> FormParameters.parse("CallStatus=busy%4")).isInstanceOf(MalformedCallback.class);
    }

    @Test
    void shouldRefuseBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> FormParameters.parse("CallerName=%C3%28")).isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void shouldRefuseRawNonAsciiCharacters() {
        assertThatThrownBy(() -> FormParameters.parse("CallerName=José")).isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("ASCII");
    }

    @Test
    void shouldRefuseAParameterGivenTwice() {
        assertThatThrownBy(() -> FormParameters.parse("CallStatus=busy&CallStatus=completed"))
                .isInstanceOf(MalformedCallback.class).hasMessage("form parameter CallStatus given twice");
    }
}
