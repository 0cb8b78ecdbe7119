package com.dialer.executor;

import com.dialer.avro.DialRequest;

/** Places one call. */
public interface PlivoDialer {
    DialResult dial(DialRequest request, CallbackUrls urls);
}
