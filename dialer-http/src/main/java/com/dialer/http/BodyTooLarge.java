package com.dialer.http;

/** A request body over the server's limit; its message says by how much. Answered 413 unless a route says otherwise. */
public final class BodyTooLarge extends Exception {
    BodyTooLarge(String message) {
        super(message, null, false, false);
    }
}
