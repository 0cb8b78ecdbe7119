package com.dialer.launcher.stack;

import java.nio.file.Path;
import java.time.Duration;

import com.dialer.schemas.Masked;
import com.dialer.state.limits.Limits;

/**
 * How {@link DialerStack} runs the pipeline on one machine.
 *
 * @param partitions         partitions per topic (the unit of parallelism of every service)
 * @param limits             the global rate and the client caps every service is configured with
 * @param recipientMinGap    least time between two calls to one number (RECIPIENT_MIN_GAP_SECONDS)
 * @param hotWindow          how long hot keys live in Redis (HOT_WINDOW_SECONDS)
 * @param plivo              where calls go: the built-in simulator, or a Plivo-compatible API
 * @param workDir            where state directories and Connect offsets live
 * @param bridgePort         the webhook bridge's port on 127.0.0.1 (BRIDGE_HTTP_PORT); 0 for a free one
 * @param external           Kafka, Redis, MongoDB running elsewhere, in place of the embedded ones
 * @param settings           more service keys for every service (--env-file)
 * @param callerIdPools      the clients' caller-ID pools file given to the executor (CALLER_ID_POOLS_FILE), or null for none
 * @param accounts           more Plivo accounts and which client dials through which ({@link Accounts#NONE}: the default only)
 * @param hotAfterArchive    how long an archived call's attempt hash stays (the archiver sink's
 *                           {@code archiver.hot.after.archive.seconds}); null for that key's default
 */
public record StackOptions(int partitions, Limits limits, Duration recipientMinGap,
                           Duration hotWindow, PlivoTarget plivo, Path workDir, int bridgePort, ExternalServices external,
                           ServiceSettings settings, Path callerIdPools, Accounts accounts, Duration hotAfterArchive) {

    /** The archiver sink's default life after archiving. */
    public StackOptions(int partitions, Limits limits, Duration recipientMinGap, Duration hotWindow, PlivoTarget plivo, Path workDir,
                        int bridgePort, ExternalServices external, ServiceSettings settings, Path callerIdPools, Accounts accounts) {
        this(partitions, limits, recipientMinGap, hotWindow, plivo, workDir, bridgePort, external, settings, callerIdPools, accounts,
                null);
    }

    /** No more service keys, no caller-ID pools, the default Plivo account only. */
    public StackOptions(int partitions, Limits limits, Duration recipientMinGap, Duration hotWindow, PlivoTarget plivo, Path workDir,
                        int bridgePort, ExternalServices external) {
        this(partitions, limits, recipientMinGap, hotWindow, plivo, workDir, bridgePort, external, ServiceSettings.NONE, null,
                Accounts.NONE);
    }

    /**
     * PLIVO_ACCOUNTS_FILE and CLIENT_PLIVO_ACCOUNT for every service ({@code com.dialer.state.accounts.PlivoAccounts});
     * with the simulator, each account of the file is one of its accounts too, with the file's token and CPS.
     */
    public record Accounts(Path file, String clientAccounts) {
        public static final Accounts NONE = new Accounts(null, null);
    }

    /** Everything embedded. */
    public StackOptions(int partitions, Limits limits, Duration recipientMinGap, Duration hotWindow, PlivoTarget plivo, Path workDir,
                        int bridgePort) {
        this(partitions, limits, recipientMinGap, hotWindow, plivo, workDir, bridgePort, ExternalServices.NONE);
    }

    public StackOptions {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: must be >= 1, was " + partitions);
        }
        if (bridgePort < 0 || bridgePort > 65_535) {
            throw new IllegalArgumentException("bridge port: 0 (a free port) to 65535, was " + bridgePort);
        }
        external = external == null ? ExternalServices.NONE : external;
        settings = settings == null ? ServiceSettings.NONE : settings;
        accounts = accounts == null ? Accounts.NONE : accounts;
        if (hotAfterArchive != null && hotAfterArchive.toSeconds() < 1) {
            throw new IllegalArgumentException("hot after archive: at least 1 s, was " + hotAfterArchive);
        }
    }

    /** These options with other lives for the hot keys: what a run compressed in time needs (every life scaled together). */
    public StackOptions withLives(Duration hotWindow, Duration hotAfterArchive, ServiceSettings settings) {
        return new StackOptions(partitions, limits, recipientMinGap, hotWindow, plivo, workDir, bridgePort, external, settings,
                callerIdPools, accounts, hotAfterArchive);
    }

    /**
     * The Plivo the executor dials: {@link Simulated} starts plivo-sim in the stack (its witness
     * then checks the promises); {@link Remote} is any Plivo-compatible API, the real one included.
     */
    public sealed interface PlivoTarget {
    }

    /** plivo-sim with this CPS, answer rate, time scale (real seconds per simulated second) and seed. */
    public record Simulated(double callsPerSecond, double answerRate, double timeScale, long seed) implements PlivoTarget {
    }

    /** A Plivo-compatible API; {@code apiUrl} null means Plivo itself. */
    public record Remote(String apiUrl, String authId, String authToken, String webhookPublicUrl) implements PlivoTarget {
        @Override
        public String toString() {
            return "Remote[apiUrl=" + apiUrl + ", authId=" + authId + ", authToken=" + Masked.secret(authToken) + ", webhookPublicUrl=" + webhookPublicUrl + "]";
        }
    }
}
