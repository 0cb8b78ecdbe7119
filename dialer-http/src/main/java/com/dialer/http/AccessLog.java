package com.dialer.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request on the logger {@code com.dialer.http.access}: server, client address,
 * method, path, status, bytes sent, milliseconds. Never the query string: Plivo's callbacks and the
 * query API carry ids, numbers and times there.
 *
 * <p>Written on the request's own virtual thread as its reply goes out, not in Jetty's request log:
 * that one may run on the selector thread, and a log write there (a file, a lock) holds up every
 * connection of the server. Requests Jetty answers itself (a malformed request, a 503 while
 * stopping) have no line.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("com.dialer.http.access");

    private final String server;

    AccessLog(String server) {
        this.server = server;
    }

    void log(org.eclipse.jetty.server.Request request, Reply reply, long startNanos) {
        if (LOG.isInfoEnabled()) {
            LOG.info("{} {} {} {} {} {}B {}ms", server, org.eclipse.jetty.server.Request.getRemoteAddr(request),
                    request.getMethod(), request.getHttpURI().getPath(), reply.status(), reply.body().length,
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
