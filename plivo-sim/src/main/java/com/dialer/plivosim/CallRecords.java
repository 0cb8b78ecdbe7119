package com.dialer.plivosim;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The records of finished calls (a record exists once its call ended, never before), and the
 * filters plivo-java's {@code CallLister} sends as query parameters: {@code call_direction},
 * {@code from_number}, {@code to_number}, {@code parent_call_uuid}, {@code hangup_source},
 * {@code hangup_cause_code}, {@code subaccount}, and {@code end_time} / {@code bill_duration} with the
 * suffixes {@code __gt __gte __lt __lte} of its {@code PropertyFilter}; pages of at most 20, newest end first.
 */
final class CallRecords {
    /** Plivo's largest page (plivo-java's VoiceLister: "the maximum number of results that can be fetched is 20"). */
    static final int MAX_LIMIT = 20;
    private static final DateTimeFormatter PLIVO_FILTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSSSSS][.SSS]");
    private static final List<String> SUFFIXES = List.of("", "__gt", "__gte", "__lt", "__lte");

    /** One page of a listing. */
    record Page(List<CallRecord> records, int limit, int offset, int total) {
    }

    private final int retention;
    private final ArrayDeque<CallRecord> oldestFirst = new ArrayDeque<>();
    private final Map<String, CallRecord> byCallUuid = new HashMap<>();

    /** Keeps the newest {@code retention} records: a bound on memory over days of a load run. */
    CallRecords(int retention) {
        this.retention = retention;
    }

    synchronized void add(CallRecord record) {
        oldestFirst.addLast(record);
        byCallUuid.put(record.callUuid(), record);
        while (oldestFirst.size() > retention) {
            byCallUuid.remove(oldestFirst.pollFirst().callUuid());
        }
    }

    synchronized Optional<CallRecord> byCallUuid(String callUuid) {
        return Optional.ofNullable(byCallUuid.get(callUuid));
    }

    /** The page the query asks for; an {@link IllegalArgumentException} names a bad parameter (Plivo's 400). */
    Page list(Map<String, String> query, String authId) {
        int limit = integer(query, "limit", MAX_LIMIT);
        int offset = integer(query, "offset", 0);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        Predicate<CallRecord> filter = filter(query, authId);
        List<CallRecord> matching;
        synchronized (this) {
            matching = new ArrayList<>(oldestFirst.stream().filter(filter).toList());
        }
        matching.sort(Comparator.comparing(CallRecord::endTime).reversed());
        int from = Math.min(offset, matching.size());
        int to = Math.min(offset + limit, matching.size());
        return new Page(List.copyOf(matching.subList(from, to)), limit, offset, matching.size());
    }

    static Predicate<CallRecord> filter(Map<String, String> q, String authId) {
        // an account sees its own calls only
        Predicate<CallRecord> all = r -> r.account() == null || r.account().equals(authId);
        String subaccount = q.get("subaccount");
        if (subaccount != null && !subaccount.equals(authId)) {
            // every simulated call belongs to the main account
            all = r -> false;
        }
        String direction = q.get("call_direction");
        if (direction != null && !"outbound".equalsIgnoreCase(direction)) {
            all = r -> false;
        }
        if (q.containsKey("from_number")) {
            String from = q.get("from_number");
            all = all.and(r -> PlivoNumbers.same(from, r.from()));
        }
        if (q.containsKey("to_number")) {
            String to = q.get("to_number");
            all = all.and(r -> PlivoNumbers.same(to, r.to()));
        }
        if (q.containsKey("parent_call_uuid")) {
            // no simulated call has a parent
            all = r -> false;
        }
        if (q.containsKey("hangup_source")) {
            String source = q.get("hangup_source");
            all = all.and(r -> source.equalsIgnoreCase(r.hangupSource()));
        }
        if (q.containsKey("hangup_cause_code")) {
            int code = integer(q, "hangup_cause_code", 0);
            all = all.and(r -> r.hangupCauseCode() == code);
        }
        all = all.and(compared(q, "end_time", r -> r.endTime().truncatedTo(ChronoUnit.SECONDS).toEpochMilli(),
                v -> time("end_time", v).toEpochMilli()));
        all = all.and(compared(q, "bill_duration", CallRecord::durationSeconds, v -> number("bill_duration", v)));
        return all;
    }

    /** The {@code key}, {@code key__gt}, ... parameters as one predicate on a long. */
    private static Predicate<CallRecord> compared(Map<String, String> q, String key, Function<CallRecord, Long> value,
                                                  Function<String, Long> parse) {
        Predicate<CallRecord> p = r -> true;
        for (String suffix : SUFFIXES) {
            String raw = q.get(key + suffix);
            if (raw == null) {
                continue;
            }
            long bound = parse.apply(raw);
            p = p.and(switch (suffix) {
                case "" -> r -> value.apply(r) == bound;
                case "__gt" -> r -> value.apply(r) > bound;
                case "__gte" -> r -> value.apply(r) >= bound;
                case "__lt" -> r -> value.apply(r) < bound;
                default -> r -> value.apply(r) <= bound;
            });
        }
        return p;
    }

    /**
     * A time filter's value: Plivo documents "YYYY-MM-DD HH:MM[:ss[.uuuuuu]]" (read as UTC here),
     * while plivo-java's {@code CallLister.endTime} is a {@code PropertyFilter<Long>}, sent as a
     * number: read as epoch seconds, or epoch milliseconds when it is too large to be seconds.
     */
    static Instant time(String key, String raw) {
        String v = raw.trim();
        if (v.matches("\\d+")) {
            long n = Long.parseLong(v);
            return n >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        }
        try {
            return LocalDateTime.parse(v, PLIVO_FILTER_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid " + key + ": " + raw + " (YYYY-MM-DD HH:MM[:ss[.uuuuuu]] or epoch seconds)");
        }
    }

    private static long number(String key, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + ": " + raw);
        }
    }

    private static int integer(Map<String, String> q, String key, int fallback) {
        String raw = q.get(key);
        return raw == null ? fallback : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number(key, raw)));
    }
}
