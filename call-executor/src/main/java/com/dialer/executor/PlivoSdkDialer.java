package com.dialer.executor;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.DialRequest;
import com.dialer.avro.MachinePolicy;
import com.dialer.plivo.NoBlindRetry;
import com.dialer.plivo.PlivoApiUrl;
import com.dialer.state.accounts.PlivoAccount;
import com.dialer.state.accounts.PlivoAccounts;
import com.plivo.api.PlivoClient;
import com.plivo.api.exceptions.PlivoRestException;
import com.plivo.api.exceptions.PlivoValidationException;
import com.plivo.api.exceptions.ServerException;
import com.plivo.api.models.call.Call;
import com.plivo.api.models.call.CallCreateResponse;
import com.plivo.api.models.call.CallCreator;

import okhttp3.OkHttpClient;

/**
 * Dials with the real plivo-java SDK, through clients that never re-send a 5xx POST: one {@link PlivoClient}
 * per Plivo account, each request through the account of its client ({@link PlivoAccounts#forClient}).
 */
public final class PlivoSdkDialer implements PlivoDialer {
    private static final Logger LOG = LoggerFactory.getLogger(PlivoSdkDialer.class);
    private final PlivoAccounts accounts;
    private final Map<String, PlivoClient> clients = new LinkedHashMap<>();

    public PlivoSdkDialer(String authId, String authToken, String apiUrl) {
        this(PlivoAccounts.single(authId, authToken), apiUrl);
    }

    public PlivoSdkDialer(PlivoAccounts accounts, String apiUrl) {
        this.accounts = accounts;
        for (PlivoAccount account : accounts.all()) {
            OkHttpClient.Builder http = new OkHttpClient.Builder()
                    .connectTimeout(5, TimeUnit.SECONDS)
                    .readTimeout(15, TimeUnit.SECONDS)
                    // an OkHttp retry after a dropped connection could re-send the POST too
                    .retryOnConnectionFailure(false);
            clients.put(account.id(), PlivoApiUrl.withoutBlindRetries(account.authId(), account.authToken(), apiUrl, http));
        }
    }

    /** Lists one call per account (a GET, never a dial); a failure is only logged: the dials handle an unreachable Plivo. */
    @Override
    public void warmUp() {
        clients.forEach((account, plivo) -> {
            try {
                Call.lister().limit(1).client(plivo).list();
            } catch (IOException | PlivoRestException | PlivoValidationException | RuntimeException e) {
                LOG.warn("Plivo API warm-up call of account {} failed ({}); dialing anyway", account, e.toString());
            }
        });
    }

    @Override
    public DialResult dial(DialRequest request, CallbackUrls urls) {
        CallCreator creator = Call.creator(request.getCallerId(), List.of(request.getPhoneNumber()), urls.answer())
                .answerMethod("POST")
                .ringUrl(urls.ring())
                .hangupUrl(urls.hangup())
                .timeLimit((long) request.getTimeLimitSeconds())
                .ringTimeout((long) request.getRingTimeoutSeconds());
        if (request.getAnswer().getMachineDetection()) {
            // HANGUP: Plivo itself hangs up on a machine; otherwise the bridge is told and the call goes on
            boolean hangUp = request.getAnswer().getMachinePolicy() == MachinePolicy.HANGUP;
            creator = creator.machineDetection(hangUp ? "hangup" : "true").machineDetectionUrl(urls.machine());
        }
        PlivoAccount account = accounts.forClient(request.getClientId());
        if (account == null) {
            return new DialResult.Rejected("no Plivo account for client " + request.getClientId()
                    + " (CLIENT_PLIVO_ACCOUNT names none and there is no default)");
        }
        try {
            CallCreateResponse response = creator.client(clients.get(account.id())).create();
            if (response == null || response.getRequestUuid() == null) {
                return new DialResult.Uncertain("Plivo answered without a request uuid");
            }
            return new DialResult.Accepted(response.getRequestUuid(), "call queued".equalsIgnoreCase(response.getMessage()));
        } catch (ServerException e) {
            return new DialResult.Uncertain("Plivo 5xx: " + e.getMessage());
        } catch (PlivoRestException e) {
            // 4xx: invalid number, bad URL, auth; the call was not placed
            return new DialResult.Rejected(e.getMessage());
        } catch (NoBlindRetry.UncertainPlivoAnswer e) {
            return new DialResult.Uncertain(e.getMessage());
        } catch (java.net.ConnectException e) {
            return new DialResult.NotPlaced("cannot connect to Plivo: " + e.getMessage());
        } catch (InterruptedIOException e) {
            return new DialResult.Uncertain("no answer from Plivo in time: " + e);
        } catch (IOException e) {
            // the connection broke: the request may have reached Plivo
            return new DialResult.Uncertain("connection to Plivo failed: " + e);
        }
    }
}
