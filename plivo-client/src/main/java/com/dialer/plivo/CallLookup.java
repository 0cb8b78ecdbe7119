package com.dialer.plivo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.plivo.api.PlivoClient;
import com.plivo.api.exceptions.PlivoRestException;
import com.plivo.api.exceptions.PlivoValidationException;
import com.plivo.api.exceptions.ResourceNotFoundException;
import com.plivo.api.models.base.ListResponse;
import com.plivo.api.models.call.Call;
import com.plivo.api.models.call.CallDirection;
import com.plivo.api.models.call.LiveCall;
import com.plivo.api.models.call.LiveCallListResponse;
import com.plivo.api.models.call.QueuedCall;
import com.plivo.api.models.call.QueuedCallListResponse;

import okhttp3.OkHttpClient;

/**
 * Asks Plivo what became of a call, with plivo-java's own APIs: live calls ({@code LiveCall}), calls
 * queued over the account's CPS ({@code QueuedCall}) and call detail records ({@code Call.lister()},
 * {@code Call.getter()}). Every answer is a {@link Sighting}; a lookup that itself fails throws
 * {@link LookupFailed} and never guesses: "not found" is said only when every place was asked.
 *
 * <p>A dial whose Make-a-Call answer was lost has no uuid of ours: it is matched by number (to and
 * from) and time. The recipient guard keeps one number from two live calls of ours, so a call to that
 * number from our caller id that started after the dial and ended after it (or still runs) is that
 * dial's. The SDK's {@code endTime} filter is typed {@code Long} where Plivo expects a date, so the
 * time is checked here, on the newest records of the number.
 */
public final class CallLookup {

    /** What Plivo knows of a call. */
    public sealed interface Sighting {
        /** Ringing or answered now. */
        record Live(String callUuid, String requestUuid, String status) implements Sighting {
        }

        /** Accepted over the CPS, waiting to be placed: it will ring. */
        record Queued(String requestUuid) implements Sighting {
        }

        /** Over, with its detail record. */
        record Ended(CallDetail detail) implements Sighting {
        }

        /** Neither live, nor queued, nor in the records. */
        record NotFound() implements Sighting {
        }
    }

    /** The lookup itself failed (Plivo unreachable, 5xx, 429, an answer we cannot read): nothing is known. */
    public static final class LookupFailed extends Exception {
        public LookupFailed(String message, Throwable cause) {
            super(message, cause);
        }

        public LookupFailed(String message) {
            super(message);
        }
    }

    private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][xxx]");
    private final PlivoClient plivo;
    private final int maxCandidates;
    private final Duration clockSkew;

    /**
     * @param maxCandidates at most this many live or queued calls are fetched one by one in a lookup
     *                      (more than that and the lookup fails rather than say "not found" unchecked)
     * @param clockSkew     how far Plivo's clock may be from ours when matching a record's times
     */
    public CallLookup(PlivoClient plivo, int maxCandidates, Duration clockSkew) {
        this.plivo = plivo;
        this.maxCandidates = maxCandidates;
        this.clockSkew = clockSkew;
    }

    /** A lookup client: short timeouts (a lookup is asked again later), never a blind re-send. */
    public static CallLookup over(String authId, String authToken, String apiUrl, Duration timeout) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
        return new CallLookup(PlivoApiUrl.withoutBlindRetries(authId, authToken, apiUrl, http), 25, Duration.ofSeconds(2));
    }

    /**
     * The call a dial placed, if any, when its answer was lost: live to {@code to} from {@code from} (null: any),
     * queued with those numbers, or a record of a call between them that started after {@code since}.
     */
    public Sighting findDial(String to, String from, Instant since) throws LookupFailed {
        // asked in the order a call moves (queued → live → ended): a call that moves on between two questions
        // is met by the next one, never missed by all three
        Sighting queued = queuedBetween(to, from);
        if (!(queued instanceof Sighting.NotFound)) {
            return queued;
        }
        Sighting live = liveBetween(to, from);
        if (!(live instanceof Sighting.NotFound)) {
            return live;
        }
        return recordBetween(to, from, since);
    }

    /**
     * A call known by its uuid (from a callback): live, else its record. Without a call uuid (no
     * callback came) the request uuid is looked for among queued calls, then the call by number.
     */
    public Sighting findCall(String callUuid, String requestUuid, String to, String from, Instant since) throws LookupFailed {
        if (callUuid != null) {
            try {
                LiveCall live = ask(() -> LiveCall.getter(callUuid).client(plivo).get());
                if (live != null) {
                    return new Sighting.Live(live.getCallUuid(), live.getRequestUuid(), String.valueOf(live.getCallStatus()));
                }
            } catch (NotThere e) {
                // not live: its record says how it ended
            }
            try {
                Call record = ask(() -> Call.getter(callUuid).client(plivo).get());
                return record == null ? new Sighting.NotFound() : new Sighting.Ended(detail(record));
            } catch (NotThere e) {
                return new Sighting.NotFound();
            }
        }
        if (requestUuid != null) {
            try {
                QueuedCall queued = ask(() -> QueuedCall.getter(requestUuid).client(plivo).get());
                if (queued != null) {
                    return new Sighting.Queued(requestUuid);
                }
            } catch (NotThere e) {
                // placed already, or never: look for the call itself
            }
        }
        if (to == null) {
            throw new LookupFailed("no call uuid and no number to look the call up by");
        }
        return findDial(to, from, since);
    }

    private Sighting liveBetween(String to, String from) throws LookupFailed {
        LiveCallListResponse list;
        try {
            list = ask(() -> LiveCall.listGetter().callDirection(CallDirection.OUTBOUND).toNumber(to).fromNumber(from)
                    .client(plivo).get());
        } catch (NotThere e) {
            return new Sighting.NotFound();
        }
        List<String> uuids = list == null || list.getCalls() == null ? List.of() : list.getCalls();
        checkBound(uuids, "live");
        for (String uuid : uuids) {
            try {
                LiveCall call = ask(() -> LiveCall.getter(uuid).client(plivo).get());
                // the filter is Plivo's; the numbers are checked again here
                if (call != null && sameNumber(call.getTo(), to) && fromMatches(call.getFrom(), from)) {
                    return new Sighting.Live(call.getCallUuid() != null ? call.getCallUuid() : uuid, call.getRequestUuid(),
                            String.valueOf(call.getCallStatus()));
                }
            } catch (NotThere e) {
                // ended between the list and the get: its record is looked for below
            }
        }
        return new Sighting.NotFound();
    }

    private Sighting queuedBetween(String to, String from) throws LookupFailed {
        QueuedCallListResponse list;
        try {
            list = ask(() -> QueuedCall.listGetter().client(plivo).get());
        } catch (NotThere e) {
            return new Sighting.NotFound();
        }
        List<String> uuids = list == null || list.getCalls() == null ? List.of() : list.getCalls();
        checkBound(uuids, "queued");
        for (String requestUuid : uuids) {
            try {
                QueuedCall call = ask(() -> QueuedCall.getter(requestUuid).client(plivo).get());
                if (call != null && sameNumber(call.getTo(), to) && fromMatches(call.getFrom(), from)) {
                    return new Sighting.Queued(call.getRequestUuid() != null ? call.getRequestUuid() : requestUuid);
                }
            } catch (NotThere e) {
                // placed meanwhile: it is live now, or over; live calls and then the records are asked next
            }
        }
        return new Sighting.NotFound();
    }

    private Sighting recordBetween(String to, String from, Instant since) throws LookupFailed {
        ListResponse<Call> page;
        try {
            page = ask(() -> Call.lister().callDirection(CallDirection.OUTBOUND).toNumber(to).fromNumber(from)
                    .limit(20).client(plivo).list());
        } catch (NotThere e) {
            return new Sighting.NotFound();
        }
        List<Call> records = page == null || page.getObjects() == null ? List.of() : page.getObjects();
        Instant earliest = since.minus(clockSkew);
        for (Call record : records) {
            CallDetail d = detail(record);
            // a previous call to the number ended before this dial (one live call per number): only this dial's
            // call can have started and ended after it
            boolean after = d.initiationTime() != null && !d.initiationTime().isBefore(earliest)
                    && (d.endTime() == null || !d.endTime().isBefore(earliest));
            if (after && sameNumber(d.to(), to) && fromMatches(d.from(), from)) {
                return new Sighting.Ended(d);
            }
        }
        return new Sighting.NotFound();
    }

    private void checkBound(List<String> uuids, String what) throws LookupFailed {
        if (uuids.size() > maxCandidates) {
            throw new LookupFailed(uuids.size() + " " + what + " calls match: more than the " + maxCandidates
                    + " a lookup fetches; not saying \"not found\" unchecked");
        }
    }

    /** A CDR as our record. */
    public static CallDetail detail(Call c) {
        return new CallDetail(c.getCallUuid(), c.getFromNumber(), c.getToNumber(), c.getcallState(), c.getHangupCauseName(),
                c.getHangupCauseCode(), c.getHangupSource(), c.getCallDuration(), c.getBillDuration(),
                time(c.getInitiationTime()), time(c.getAnswerTime()), time(c.getEndTime()));
    }

    /** Plivo's CDR times: "2015-07-26 15:45:02+05:30" (the account's zone); UTC when no offset is given. */
    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            var parsed = CDR_TIME.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.trim());
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** Without our caller id (a call event does not carry it), the number called and the time decide. */
    private static boolean fromMatches(String actual, String from) {
        return from == null || sameNumber(actual, from);
    }

    /** Plivo reports numbers without the '+' of E.164. */
    static boolean sameNumber(String a, String b) {
        return a != null && b != null && digits(a).equals(digits(b));
    }

    private static String digits(String n) {
        return n.replaceAll("[^0-9]", "");
    }

    private interface Request<T> {
        T send() throws IOException, PlivoRestException, PlivoValidationException;
    }

    /** A 404: the call is not where we asked. */
    private static final class NotThere extends Exception {
        NotThere() {
            super(null, null, false, false);
        }
    }

    private static <T> T ask(Request<T> request) throws LookupFailed, NotThere {
        try {
            return request.send();
        } catch (ResourceNotFoundException e) {
            throw new NotThere();
        } catch (IOException | PlivoRestException | PlivoValidationException | RuntimeException e) {
            throw new LookupFailed("Plivo lookup failed: " + e, e);
        }
    }
}
