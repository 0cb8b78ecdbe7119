package com.dialer.plivo;

import java.util.Objects;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

import com.plivo.api.PlivoClient;

/**
 * Points plivo-java at another Plivo-compatible base URL (configuration {@code plivo.api-url},
 * environment {@code PLIVO_API_URL}), e.g. the simulator. plivo-java hard-codes its hosts (the main
 * and the fallback voice hosts alike), so an OkHttp interceptor rewrites every request to a
 * {@code *.plivo.com} host onto the configured scheme, host, port and path prefix. Production and
 * tests share one code path; with no URL configured, requests go to Plivo untouched.
 */
public final class PlivoApiUrl implements Interceptor {
    private final HttpUrl base;

    public PlivoApiUrl(String apiUrl) {
        this.base = Objects.requireNonNull(HttpUrl.parse(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/"),
                () -> "plivo.api-url: not a URL: " + apiUrl);
        if (!base.encodedPath().endsWith("/v1/")) {
            throw new IllegalArgumentException("plivo.api-url: must end with /v1/, as Plivo's does: " + apiUrl);
        }
    }

    /** The URL itself; an IllegalArgumentException when it is not a URL ending with {@code /v1/}. */
    public static String check(String apiUrl) {
        new PlivoApiUrl(apiUrl);
        return apiUrl;
    }

    /** A client for the given base URL, or for Plivo itself when apiUrl is null or blank. */
    public static PlivoClient client(String authId, String authToken, String apiUrl, OkHttpClient.Builder http) {
        if (apiUrl != null && !apiUrl.isBlank()) {
            // ours runs before plivo-java's own interceptors: they add auth to the rewritten request
            http.addInterceptor(new PlivoApiUrl(apiUrl));
        }
        return new PlivoClient(authId, authToken, http);
    }

    /** The client our services use: {@link #client} plus {@link NoBlindRetry}, so a 5xx is never re-sent. */
    public static PlivoClient withoutBlindRetries(String authId, String authToken, String apiUrl, OkHttpClient.Builder http) {
        return client(authId, authToken, apiUrl, http.addInterceptor(new NoBlindRetry()));
    }

    @Override
    public okhttp3.Response intercept(Chain chain) throws java.io.IOException {
        HttpUrl original = chain.request().url();
        if (!original.host().endsWith("plivo.com")) {
            return chain.proceed(chain.request());
        }
        // "https://api.plivo.com/v1/Account/.." -> "<base>/Account/.."
        String rest = original.encodedPath().startsWith("/v1/") ? original.encodedPath().substring(4) : original.encodedPath().substring(1);
        HttpUrl rewritten = base.newBuilder().encodedPath(base.encodedPath() + rest)
                .encodedQuery(original.encodedQuery()).build();
        return chain.proceed(chain.request().newBuilder().url(rewritten).build());
    }
}
