package com.dialer.executor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The webhook URLs a call is placed with: on the webhook bridge, carrying the attempt id, the client
 * and the campaign, so every callback settles the right attempt, the bridge answers with the
 * campaign's XML, and the simulator's witness can attribute it.
 */
public record CallbackUrls(String answer, String ring, String hangup, String machine) {

    public static CallbackUrls of(String webhookBaseUrl, String attemptId, String clientId, String campaignId) {
        String base = webhookBaseUrl.endsWith("/") ? webhookBaseUrl.substring(0, webhookBaseUrl.length() - 1) : webhookBaseUrl;
        String query = "?attemptId=" + encode(attemptId) + "&client=" + encode(clientId) + "&campaign=" + encode(campaignId);
        return new CallbackUrls(base + "/plivo/answer" + query, base + "/plivo/ring" + query,
                base + "/plivo/hangup" + query, base + "/plivo/machine" + query);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
