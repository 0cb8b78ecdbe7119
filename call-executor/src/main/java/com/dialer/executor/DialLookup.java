package com.dialer.executor;

import java.time.Instant;

import com.dialer.avro.DialRequest;
import com.dialer.plivo.CallLookup;
import com.dialer.plivo.CallLookup.LookupFailed;
import com.dialer.plivo.CallLookup.Sighting;

/** Asks Plivo whether a dial whose answer was lost placed a call. */
@FunctionalInterface
public interface DialLookup {

    /**
     * @param dialedAt when the dial was sent (Redis' clock, as the dial guard recorded it)
     * @throws LookupFailed when Plivo could not be asked: nothing may be concluded
     */
    Sighting find(DialRequest request, Instant dialedAt) throws LookupFailed;

    /** By number and time, with plivo-java's live, queued and record APIs. */
    static DialLookup at(CallLookup plivo) {
        // "" is a pool's pick no longer known: any caller number
        return (request, dialedAt) -> plivo.findDial(request.getPhoneNumber(),
                request.getCallerId().isEmpty() ? null : request.getCallerId(), dialedAt);
    }
}
