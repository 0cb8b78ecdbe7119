package com.dialer.bridge;

/** A callback the bridge cannot read; the message is the reason answered with HTTP 400. */
final class MalformedCallback extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedCallback(String reason) {
        super(reason, null, false, false);
    }
}
