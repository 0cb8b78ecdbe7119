package com.dialer.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.dialer.avro.DialRequest;
import com.dialer.plivo.CallLookup;
import com.dialer.plivo.CallLookup.LookupFailed;
import com.dialer.plivo.CallLookup.Sighting;
import com.dialer.state.accounts.PlivoAccount;
import com.dialer.state.accounts.PlivoAccounts;

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

    /**
     * Asks the account that placed the call (its client's, {@link PlivoAccounts#forClient}): another account
     * would find nothing, and a call proven "not placed" there would be dialed twice.
     */
    static DialLookup perAccount(PlivoAccounts accounts, String apiUrl, Duration timeout) {
        Map<String, DialLookup> byAccount = new HashMap<>();
        for (PlivoAccount account : accounts.all()) {
            byAccount.put(account.id(), at(CallLookup.over(account.authId(), account.authToken(), apiUrl, timeout)));
        }
        return (request, dialedAt) -> {
            PlivoAccount account = accounts.forClient(request.getClientId());
            if (account == null) {
                throw new LookupFailed("no Plivo account for client " + request.getClientId(), null);
            }
            return byAccount.get(account.id()).find(request, dialedAt);
        };
    }
}
