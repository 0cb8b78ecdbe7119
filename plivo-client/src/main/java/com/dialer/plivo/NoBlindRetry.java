package com.dialer.plivo;

import java.io.IOException;

import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Turns a 5xx answer to a POST into an {@link UncertainPlivoAnswer}. plivo-java's
 * {@code VoiceCreator.create()} re-sends a POST that got HTTP ≥ 500 to its fallback hosts; for
 * Make-a-Call a 5xx can mean the call was placed, and the re-send places it again. With this
 * interceptor {@code create()} throws at the first 5xx, and the caller settles the uncertain dial
 * without a second one.
 */
public final class NoBlindRetry implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() >= 500 && "POST".equals(chain.request().method())) {
            String body = response.body() == null ? "" : response.body().string();
            response.close();
            throw new UncertainPlivoAnswer(response.code(), body);
        }
        return response;
    }

    /** Plivo answered a POST with a 5xx: the request may or may not have taken effect. */
    public static final class UncertainPlivoAnswer extends IOException {
        private final int status;

        public UncertainPlivoAnswer(int status, String body) {
            super("Plivo answered HTTP " + status + " (the request may have taken effect): " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
