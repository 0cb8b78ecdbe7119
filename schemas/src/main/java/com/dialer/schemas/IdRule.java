package com.dialer.schemas;

import java.util.Optional;

/**
 * What a client, campaign or contact id may be: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. Ids are built
 * into Redis keys ({@code slots:{client}}, {@code attempt:{client}:<attemptId>}) and URLs; a brace,
 * a colon or a slash would let one client's id name another client's key. Checked at intake (bad
 * records go to the DLQ with {@link #problem}'s reason), by every key builder and by the query API.
 * An attemptId is {@code <campaignId>:<contactId>:<n>}: valid ids joined by colons.
 */
public final class IdRule {
    public static final int MAX_LENGTH = 64;
    public static final String DESCRIPTION = "1 to " + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ -";

    private IdRule() {
    }

    public static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!allowed(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** An attempt id: valid ids and a number joined by colons, at most three ids' length. */
    public static boolean validAttempt(String attemptId) {
        if (attemptId == null || attemptId.isEmpty() || attemptId.length() > 3 * MAX_LENGTH + 2) {
            return false;
        }
        int partLength = 0;
        for (int i = 0; i < attemptId.length(); i++) {
            char c = attemptId.charAt(i);
            if (c == ':') {
                if (partLength == 0) {
                    return false;
                }
                partLength = 0;
            } else if (!allowed(c) || ++partLength > MAX_LENGTH) {
                return false;
            }
        }
        return partLength > 0;
    }

    /** Why {@code id} is not a valid {@code what} (e.g. "clientId"), or empty when it is. */
    public static Optional<String> problem(String what, String id) {
        if (valid(id)) {
            return Optional.empty();
        }
        String shown = id == null ? "null" : "'" + (id.length() > 80 ? id.substring(0, 80) + "…" : id) + "'";
        return Optional.of(what + " " + shown + " must be " + DESCRIPTION);
    }

    /** The id, or an {@link IllegalArgumentException} naming what is wrong. */
    public static String require(String what, String id) {
        problem(what, id).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return id;
    }

    /** The attempt id, or an {@link IllegalArgumentException}. */
    public static String requireAttempt(String attemptId) {
        if (!validAttempt(attemptId)) {
            throw new IllegalArgumentException("attemptId '" + attemptId + "' must be ids (" + DESCRIPTION + ") joined by ':'");
        }
        return attemptId;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }
}
