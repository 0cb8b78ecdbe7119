package com.dialer.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has gone {@link ServerSettings#headerTimeout()} without a request in
 * progress. Jetty's idle timeout restarts with every byte received, so a client sending a header
 * byte every few seconds (slowloris) would hold its connection and a thread forever; this deadline
 * runs from the connection's opening or its last answer, whatever arrives meanwhile.
 */
final class ConnectionDeadline implements Connection.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadline.class);
    private static final long BUSY = Long.MIN_VALUE;

    /** Per open connection: since when it waits for a request (nanoTime), or BUSY while one is in progress. */
    private final Map<Connection, Long> waitingSince = new ConcurrentHashMap<>();
    private final long timeoutNanos;
    private final Thread sweeper;

    ConnectionDeadline(String server, Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(10, timeout.toMillis() / 4);
        this.sweeper = Thread.ofVirtual().name(server + "-connection-deadline").start(() -> {
            try {
                while (true) {
                    Thread.sleep(period);
                    sweep();
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
    }

    @Override
    public void onOpened(Connection connection) {
        waitingSince.put(connection, System.nanoTime());
    }

    @Override
    public void onClosed(Connection connection) {
        waitingSince.remove(connection);
    }

    void requestStarted(Connection connection) {
        waitingSince.replace(connection, BUSY);
    }

    void requestEnded(Connection connection) {
        waitingSince.replace(connection, System.nanoTime());
    }

    private void sweep() {
        long now = System.nanoTime();
        waitingSince.forEach((connection, since) -> {
            if (since != BUSY && now - since > timeoutNanos) {
                LOG.debug("closing {}: no request in {} ms", connection, timeoutNanos / 1_000_000);
                waitingSince.remove(connection);
                connection.getEndPoint().close();
            }
        });
    }

    @Override
    public void close() {
        sweeper.interrupt();
    }
}
