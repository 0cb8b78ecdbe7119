package com.dialer.plivosim;

/**
 * Phone numbers as Plivo's lookups show them: its samples of the call record and live call answers
 * give the destination without a leading '+' ({@code "to_number": "14153268174"}) and the caller id
 * with it. Lookup filters match either spelling.
 */
final class PlivoNumbers {
    private PlivoNumbers() {
    }

    static String asPlivoReportsIt(String destination) {
        return destination != null && destination.startsWith("+") ? destination.substring(1) : destination;
    }

    /** Whether a filter value names this number, with or without '+'. */
    static boolean same(String filter, String number) {
        return number != null && strip(filter).equals(strip(number));
    }

    private static String strip(String n) {
        return n.startsWith("+") ? n.substring(1) : n;
    }
}
