package com.dialer.http;

import java.time.Duration;

/**
 * How a {@link WebServer} listens and what it tolerates.
 *
 * @param name          the service's name in thread names and the access log
 * @param bindAddress   where to listen (tests, demos and benches: 127.0.0.1)
 * @param port          0 for a free port
 * @param idleTimeout   how long a connection may stall while a request or its answer is under way
 * @param headerTimeout how long a connection may go without a request in progress: receiving the
 *                      next request's headers, or idle between requests. It does not restart with
 *                      each byte, so a client dribbling headers (slowloris) is cut off
 * @param maxBodyBytes  the largest request body {@link Request#body()} hands over
 * @param drainTimeout  how long {@link WebServer#close()} waits for requests in flight to finish
 * @param tls           the key store to serve HTTPS with; null for plain HTTP
 */
public record ServerSettings(String name, String bindAddress, int port, Duration idleTimeout, Duration headerTimeout,
                             int maxBodyBytes, Duration drainTimeout, Tls tls) {
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_BODY_BYTES = 1 << 20;
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public ServerSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + ": not a port number: " + port);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException(name + ": body limit below 0: " + maxBodyBytes);
        }
    }

    /** The defaults: 30 s idle, 10 s for headers, 1 MiB bodies, 10 s to drain. */
    public static ServerSettings of(String name, String bindAddress, int port) {
        return new ServerSettings(name, bindAddress, port, IDLE_TIMEOUT, HEADER_TIMEOUT, MAX_BODY_BYTES, DRAIN_TIMEOUT, null);
    }

    public ServerSettings withMaxBodyBytes(int bytes) {
        return new ServerSettings(name, bindAddress, port, idleTimeout, headerTimeout, bytes, drainTimeout, tls);
    }

    public ServerSettings withTimeouts(Duration idle, Duration header) {
        return new ServerSettings(name, bindAddress, port, idle, header, maxBodyBytes, drainTimeout, tls);
    }

    public ServerSettings withDrainTimeout(Duration drain) {
        return new ServerSettings(name, bindAddress, port, idleTimeout, headerTimeout, maxBodyBytes, drain, tls);
    }

    /** HTTPS with this key store, or plain HTTP when null. */
    public ServerSettings withTls(Tls keyStore) {
        return new ServerSettings(name, bindAddress, port, idleTimeout, headerTimeout, maxBodyBytes, drainTimeout, keyStore);
    }
}
