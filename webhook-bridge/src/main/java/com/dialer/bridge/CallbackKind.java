package com.dialer.bridge;

import java.util.Optional;

/** The callbacks a call is placed with, each on its own path under {@code /plivo/}. */
public enum CallbackKind {
    RING("ring"),
    ANSWER("answer"),
    HANGUP("hangup"),
    MACHINE("machine");

    private final String path;

    CallbackKind(String path) {
        this.path = path;
    }

    /** The last path segment, e.g. {@code hangup} of {@code /plivo/hangup}. */
    public String path() {
        return path;
    }

    static Optional<CallbackKind> ofPath(String segment) {
        for (CallbackKind kind : values()) {
            if (kind.path.equals(segment)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
