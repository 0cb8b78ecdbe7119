package com.dialer.state.recipients;

/** One attempt to one number: what a claim is for and what a free ends. */
public record RecipientAttempt(String phoneNumber, String attemptId) {
}
