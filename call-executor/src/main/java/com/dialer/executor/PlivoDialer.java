package com.dialer.executor;

import com.dialer.avro.DialRequest;

/** Places one call. */
public interface PlivoDialer {
    DialResult dial(DialRequest request, CallbackUrls urls);

    /**
     * Makes one harmless API call before the first dial, so the client's first-use work (classes,
     * TLS, connection) is not done by the first dials at once: dials that took their start tokens
     * apart and then waited for it together would reach Plivo together, over the rate.
     */
    default void warmUp() {
    }
}
