package com.dialer.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.dialer.bridge.CallbackSignature.Verdict;
import com.plivo.api.util.Utils;
import com.dialer.state.accounts.PlivoAccount;
import com.dialer.state.accounts.PlivoAccounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {

    private static final String TOKEN = "auth-token-for-tests";
    private static final String URL = "https://hooks.example.com/plivo/hangup?attemptId=a-1&client=c-1";

    private final CallbackSignature signature = new CallbackSignature(TOKEN);

    private static Map<String, String> hangupParams() {
        Map<String, String> p = new HashMap<>();
        p.put("CallUUID", "call-1");
        p.put("CallStatus", "completed");
        p.put("HangupCause", "NORMAL_CLEARING");
        p.put("Duration", "12");
        return p;
    }

    private static String sign(String token, String url, String method, String nonce, Map<String, String> params)
            throws Exception {
        return Utils.computeSignatureV3(url, nonce, token, method, params);
    }

    /** Signs a POST with the right token and checks it is accepted; returns the signature. */
    private String acceptedPost(String nonce, Map<String, String> p) throws Exception {
        String sig = sign(TOKEN, URL, "POST", nonce, p);
        assertThat(signature.check(URL, "POST", nonce, sig, p)).isEqualTo(Verdict.ACCEPTED);
        return sig;
    }

    @Test
    void shouldAcceptACallbackSignedWithTheAuthToken() throws Exception {
        acceptedPost("n-1", hangupParams());
    }

    @Test
    void shouldAcceptASignedGetCallback() throws Exception {
        Map<String, String> p = hangupParams();
        String sig = sign(TOKEN, URL, "GET", "n-get", p);
        assertThat(signature.check(URL, "GET", "n-get", sig, p)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void shouldCheckACallbackWithTheTokenOfTheAccountOfTheClientItsUrlNames() throws Exception {
        CallbackSignature accounts = new CallbackSignature(PlivoAccounts.of(List.of(
                new PlivoAccount("default", "MADEFAULTACCOUNT0001", TOKEN, null),
                new PlivoAccount("acme", "SAACMEACCOUNT0000001", "acme-token", 2),
                new PlivoAccount("beta", "SABETAACCOUNT0000001", "beta-token", 5)), Map.of("c-1", "acme", "c-2", "beta")));
        Map<String, String> p = hangupParams();
        assertThat(accounts.check("c-1", URL, "POST", "n-a", sign("acme-token", URL, "POST", "n-a", p), p)).isEqualTo(Verdict.ACCEPTED);
        // another account's token, or the default one, cannot speak for c-1's calls
        assertThat(accounts.check("c-1", URL, "POST", "n-b", sign("beta-token", URL, "POST", "n-b", p), p)).isEqualTo(Verdict.FORGED);
        assertThat(accounts.check("c-1", URL, "POST", "n-c", sign(TOKEN, URL, "POST", "n-c", p), p)).isEqualTo(Verdict.FORGED);
        // a client without an entry uses the default account
        assertThat(accounts.check("c-9", URL, "POST", "n-d", sign(TOKEN, URL, "POST", "n-d", p), p)).isEqualTo(Verdict.ACCEPTED);
        // no default account: a client without an entry has no token to be signed with
        CallbackSignature noDefault = new CallbackSignature(PlivoAccounts.of(List.of(
                new PlivoAccount("acme", "SAACMEACCOUNT0000001", "acme-token", 2)), Map.of("c-1", "acme")));
        assertThat(noDefault.check("c-9", URL, "POST", "n-e", sign("acme-token", URL, "POST", "n-e", p), p)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void shouldRejectAnUnsignedCallback() {
        assertThat(signature.check(URL, "POST", null, null, hangupParams())).isEqualTo(Verdict.UNSIGNED);
        assertThat(signature.check(URL, "POST", "n-1", "", hangupParams())).isEqualTo(Verdict.UNSIGNED);
    }

    @Test
    void shouldRejectACallbackSignedWithAnotherToken() throws Exception {
        Map<String, String> p = hangupParams();
        String sig = sign("someone-elses-token", URL, "POST", "n-2", p);
        assertThat(signature.check(URL, "POST", "n-2", sig, p)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void shouldRejectATamperedBody() throws Exception {
        Map<String, String> p = hangupParams();
        String sig = sign(TOKEN, URL, "POST", "n-3", p);
        p.put("CallStatus", "busy");
        assertThat(signature.check(URL, "POST", "n-3", sig, p)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void shouldRejectASignatureMovedToAnotherAttemptsUrl() throws Exception {
        Map<String, String> p = hangupParams();
        String sig = sign(TOKEN, URL, "POST", "n-4", p);
        String other = URL.replace("a-1", "a-2");
        assertThat(signature.check(other, "POST", "n-4", sig, p)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void shouldRejectGarbageInsteadOfASignature() {
        assertThat(signature.check(URL, "POST", "n-5", "%%not base64%%", hangupParams())).isEqualTo(Verdict.FORGED);
    }

    @Test
    void shouldAcceptAMethodNameThatIsNotTheStringLiteral() throws Exception {
        // plivo-java compares the method with ==; the server hands us a fresh String
        Map<String, String> p = hangupParams();
        String sig = sign(TOKEN, URL, "GET", "n-9", p);
        assertThat(signature.check(URL, new String("GET".toCharArray()), "n-9", sig, p)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void shouldVerifyAGetSignedOverTheUrlWithItsQueryAgainstEveryQueryParameter() throws Exception {
        // Plivo (and plivo-sim) sign the callback URL with its query plus the parameters; the bridge
        // sees one query holding both, and checks the path alone with all of them as parameters
        Map<String, String> p = hangupParams();
        String sig = sign(TOKEN, URL, "GET", "n-10", p);
        Map<String, String> all = new HashMap<>(p);
        all.put("attemptId", "a-1");
        all.put("client", "c-1");
        String path = URL.substring(0, URL.indexOf('?'));
        assertThat(signature.check(path, "GET", "n-10", sig, all)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void shouldAcceptWhenAnyOfSeveralSignaturesMatches() throws Exception {
        Map<String, String> p = hangupParams();
        String good = sign(TOKEN, URL, "POST", "n-11", p);
        String other = sign("main-account-token", URL, "POST", "n-11", p);
        assertThat(signature.check(URL, "POST", "n-11", other + "," + good, p)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void shouldAcceptASignatureListWithSpacesAfterTheCommas() throws Exception {
        Map<String, String> p = hangupParams();
        String good = sign(TOKEN, URL, "POST", "n-12", p);
        assertThat(signature.check(URL, "POST", "n-12", "bm90LWl0, " + good, p)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void shouldRejectASignatureThatDiffersOnlyInItsLastCharacter() throws Exception {
        Map<String, String> p = hangupParams();
        String good = sign(TOKEN, URL, "POST", "n-13", p);
        String almost = good.substring(0, good.length() - 2) + (good.charAt(good.length() - 2) == 'A' ? 'B' : 'A') + good.charAt(good.length() - 1);
        assertThat(signature.check(URL, "POST", "n-13", almost, p)).isEqualTo(Verdict.FORGED);
    }
}
