package com.dialer.executor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.dialer.avro.DialRequest;
import com.dialer.schemas.OutboundUrlPolicy;

/**
 * Warms the campaign's voice bot before the dial (an HTTP POST to the campaign's warm-up URL).
 * The slot is already held, so however long this takes cannot make the client overshoot its cap.
 * A failed warm-up is logged and the call goes ahead: a cold bot beats a lost contact.
 */
public interface BotWarmup {

    /** Warms up; returns a reason when it failed, else null. */
    String warm(DialRequest request) throws InterruptedException;

    static BotWarmup disabled() {
        return request -> null;
    }

    /**
     * POSTs to the campaign's warm-up URL once the {@link OutboundUrlPolicy} allows it, its host resolved: the
     * scheduler checked the URL at intake, but a name can resolve elsewhere by now. No redirect is followed.
     */
    static BotWarmup overHttp(Duration timeout, OutboundUrlPolicy policy) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        return request -> {
            String url = request.getAnswer().getWarmupUrl();
            if (url == null || url.isBlank()) {
                return null;
            }
            java.util.Optional<String> refused = policy.problemResolved("warmupUrl", url);
            if (refused.isPresent()) {
                return "bot warm-up refused: " + refused.get();
            }
            try {
                HttpRequest post = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"attemptId\":\"" + request.getAttemptId()
                                + "\",\"campaignId\":\"" + request.getCampaignId() + "\"}"))
                        .build();
                int status = http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status / 100 == 2 ? null : "bot warm-up answered HTTP " + status;
            } catch (java.io.IOException | IllegalArgumentException e) {
                return "bot warm-up failed: " + e;
            }
        };
    }
}
