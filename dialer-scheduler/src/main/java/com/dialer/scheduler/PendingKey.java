package com.dialer.scheduler;

import java.time.Instant;

/**
 * Key of a pending contact: {@code campaignId|dueMillis(15 digits)|contactId}. Zero-padded due
 * times sort as the byte order RocksDB iterates in, so the contacts due now are one range scan
 * from {@code campaignId|000...} to {@code campaignId|<now>~}, oldest first.
 */
record PendingKey(String campaignId, long dueMillis, String contactId) {
    private static final String FORMAT = "%s|%015d|%s";

    static PendingKey of(String campaignId, Instant due, String contactId) {
        return new PendingKey(campaignId, Math.max(0, due.toEpochMilli()), contactId);
    }

    String encoded() {
        return String.format(FORMAT, campaignId, dueMillis, contactId);
    }

    /** The due time of an encoded key (ids hold no '|'). */
    static long dueOf(String encoded) {
        int first = encoded.indexOf('|');
        return Long.parseLong(encoded.substring(first + 1, encoded.indexOf('|', first + 1)));
    }

    /** The first key of a campaign. */
    static String from(String campaignId) {
        return campaignId + "|";
    }

    /** Past the last key of a campaign due at or before {@code nowMillis} ('~' sorts after every digit and '|'). */
    static String dueBy(String campaignId, long nowMillis) {
        return String.format("%s|%015d~", campaignId, nowMillis);
    }

    /** Past every key of a campaign. */
    static String end(String campaignId) {
        return campaignId + "|~";
    }
}
