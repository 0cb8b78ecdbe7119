package com.dialer.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.dialer.bridge.CallbackSignature.Verdict;
import com.plivo.api.util.Utils;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * The bridge's untrusted input, fuzzed: the form parser, the signature check and the callback reader take
 * any text without throwing anything but a {@link MalformedCallback} (a 400), a signature is accepted only
 * for exactly what was signed, and form encoding round-trips. Bounded tries, so it runs in every
 * {@code ./mvnw verify}.
 */
class CallbackFuzzTest {
    private static final String TOKEN = "fuzz-auth-token";
    private static final String URL = "https://hooks.example.com/plivo/hangup?attemptId=c%3A1%3A1&client=acme";
    private final CallbackSignature signature = new CallbackSignature(TOKEN);

    @Property(tries = 1000)
    void theFormParserReadsAnyTextOrRefusesItAsMalformed(@ForAll @StringLength(max = 200) String text) {
        try {
            Map<String, String> parsed = FormParameters.parse(text);
            assertThat(parsed.keySet()).doesNotContain("");
        } catch (MalformedCallback expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void whatIsFormEncodedIsParsedBackUnchanged(@ForAll("forms") Map<String, String> form) throws Exception {
        assertThat(FormParameters.parse(encode(form))).isEqualTo(form);
    }

    @Property(tries = 300)
    void aSignatureIsAcceptedForExactlyWhatWasSigned(@ForAll("forms") Map<String, String> form,
                                                     @ForAll("nonces") String nonce,
                                                     @ForAll @StringLength(min = 1, max = 20) String tamper) throws Exception {
        String signed = Utils.computeSignatureV3(URL, nonce, TOKEN, "POST", new HashMap<>(form));
        assertThat(signature.check(URL, "POST", nonce, signed, form)).isEqualTo(Verdict.ACCEPTED);

        Map<String, String> changed = new HashMap<>(form);
        changed.merge("CallStatus", tamper, String::concat);
        assertThat(signature.check(URL, "POST", nonce, signed, changed)).isEqualTo(Verdict.FORGED);
        assertThat(signature.check(URL, "POST", nonce + tamper, signed, form)).isEqualTo(Verdict.FORGED);
        assertThat(signature.check(URL.replace("acme", "globex"), "POST", nonce, signed, form)).isEqualTo(Verdict.FORGED);
    }

    @Property(tries = 500)
    void garbageSignaturesAndUrlsAreRefusedNeverThrown(@ForAll @StringLength(max = 120) String url,
                                                       @ForAll @StringLength(max = 60) String nonce,
                                                       @ForAll @StringLength(max = 200) String claimed,
                                                       @ForAll("forms") Map<String, String> form) {
        Verdict verdict = signature.check(url, "POST", nonce, claimed, form);
        assertThat(verdict).isIn(Verdict.UNSIGNED, Verdict.FORGED);
    }

    @Property(tries = 500)
    void theCallbackReaderTakesAnyParametersOrRefusesThemAsMalformed(@ForAll("kinds") CallbackKind kind,
                                                                     @ForAll("forms") Map<String, String> query,
                                                                     @ForAll("forms") Map<String, String> params) {
        try {
            PlivoCallback callback = PlivoCallback.read(kind, query, params);
            callback.toEvent(java.time.Instant.EPOCH);
            assertThat(callback.callUuid()).matches("[A-Za-z0-9._-]{1,64}");
        } catch (MalformedCallback expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** A blank nonce is no signature at all (UNSIGNED): nonces here are visible ASCII, as Plivo's are. */
    @Provide
    Arbitrary<String> nonces() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<CallbackKind> kinds() {
        return Arbitraries.of(CallbackKind.class);
    }

    /** Plivo's parameter names and ours, with values from valid ones to any Unicode. */
    @Provide
    Arbitrary<Map<String, String>> forms() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("CallUUID", "RequestUUID", "CallStatus", "Machine", "Duration",
                "BillDuration", "HangupCauseCode", "HangupCause", "To", "From", "Event", "attemptId", "client", "campaign"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12));
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("ringing", "in-progress", "completed", "busy", "true", "false",
                "12", "-1", "99999999999", "c:1:1", "acme", "evil}:X", "6a0f5a34-2c8e-4f5c-9d7c-000000000001", "+14155550101", ""),
                Arbitraries.strings().ofMaxLength(30));
        return Arbitraries.maps(names, values).ofMaxSize(8);
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
