package com.dialer.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.launcher.stack.DialerStack;
import com.dialer.plivosim.Witness;
import com.dialer.plivosim.WitnessStats;
import com.plivo.api.util.Utils;

import picocli.CommandLine;

/**
 * {@code ./dialer demo --accounts FILE}: two clients, each through its own Plivo account with its own token and
 * CPS. Measured by the simulator's witness per account: neither account ever started more calls in any second
 * than its CPS; every call was placed through its client's account. The bridge
 * refuses a callback signed with the other account's token (403), whatever it claims.
 */
class SeveralAccountsIT {
    static final String ACME_ID = "SAACMEDEMOACCOUNT001";
    static final String BETA_ID = "SABETADEMOACCOUNT001";

    @TempDir
    Path dir;

    @Test
    void eachAccountKeepsWithinItsOwnCpsAndACallbackSignedWithTheOtherAccountsTokenIsRefused() throws Exception {
        Path accounts = Files.writeString(dir.resolve("accounts.properties"), """
                acme.authId=%s
                acme.authToken=fake-acme-token
                acme.cps=3
                beta.authId=%s
                beta.authToken=fake-beta-token
                beta.cps=7
                """.formatted(ACME_ID, BETA_ID));
        DemoCommand demo = new DemoCommand();
        // the global rate (20/s) is far above both CPS: the accounts' own limits are what paces them
        new CommandLine(demo).parseArgs("--contacts", "80", "--clients", "2", "--cap", "6", "--rate", "1200", "--burst", "20",
                "--time-scale", "0.01", "--quiet", "--timeout", "180", "--accounts", accounts.toString());
        try (DialerStack stack = DialerStack.start(demo.stackOptions(), demo.publishing())) {
            DemoReport report = demo.runOn(stack);
            report.print(System.out);

            assertThat(report.brokenPromises()).isEmpty();
            assertThat(report.contactsWithoutDisposition()).isZero();
            WitnessStats witness = stack.simulator().stats();
            assertThat(witness.maxDialsIn1sByAccount().get(ACME_ID)).isBetween(1, 3);
            assertThat(witness.maxDialsIn1sByAccount().get(BETA_ID)).isBetween(1, 7);
            // not asserted: queuedOverCpsByAccount. The simulator queues, for a few ms, a start that reaches it closer than
            // 1/CPS after the one before: network jitter can do that to two starts the limiter spaced 1.1/CPS apart
            assertThat(report.accounts()).extracting(DemoReport.AccountFigures::account).contains("acme", "beta");
            // every call through its client's account (client-1 → acme, client-2 → beta: in turn over the file)
            assertThat(stack.simulator().witness().dials()).isNotEmpty().allSatisfy(d ->
                    assertThat(d.account()).as(d.client()).isEqualTo(d.client().equals("client-1") ? ACME_ID : BETA_ID));

            Witness.Dial acmeCall = stack.simulator().witness().dials().stream().filter(d -> d.client().equals("client-1"))
                    .findFirst().orElseThrow();
            String base = stack.environment().get("WEBHOOK_PUBLIC_BASE_URL");
            // beta's token cannot speak for acme's call
            assertThat(hangup(base, acmeCall, "fake-beta-token")).isEqualTo(403);
            // acme's own token is accepted as a signature: the attempt has ended, so nothing changes (409)
            assertThat(hangup(base, acmeCall, "fake-acme-token")).isEqualTo(409);
        }
    }

    /** A hangup callback for the call, signed with {@code token} as Plivo signs (V3); the bridge's status code. */
    private static int hangup(String base, Witness.Dial call, String token) throws Exception {
        String url = base + "/plivo/hangup?attemptId=" + call.attemptId() + "&client=" + call.client() + "&campaign=" + call.campaign();
        Map<String, String> params = new TreeMap<>(Map.of("CallUUID", java.util.UUID.randomUUID().toString(),
                "RequestUUID", call.requestUuid(), "CallStatus", "completed", "From", call.from(), "To", call.to(),
                "Direction", "outbound", "HangupCause", "NORMAL_CLEARING", "Duration", "5", "BillDuration", "60"));
        String nonce = Long.toString(System.nanoTime());
        String signature = Utils.computeSignatureV3(url, nonce, token, "POST", params);
        String form = params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Plivo-Signature-V3", signature).header("X-Plivo-Signature-V3-Nonce", nonce)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }
}
