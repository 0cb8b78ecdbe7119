package com.dialer.http;

import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request on the logger {@code com.dialer.http.access}: server, client address,
 * method, path, status, bytes sent, milliseconds. Never the query string: Plivo's callbacks and the
 * query API carry ids, numbers and times there.
 */
final class AccessLog implements RequestLog {
    static final Logger LOG = LoggerFactory.getLogger("com.dialer.http.access");

    private final String server;
    private final ConnectionDeadline deadline;

    AccessLog(String server, ConnectionDeadline deadline) {
        this.server = server;
        this.deadline = deadline;
    }

    @Override
    public void log(org.eclipse.jetty.server.Request request, Response response) {
        // every request ends here, also those Jetty answered without a route (400 bad header, 503 while stopping)
        deadline.requestEnded(request.getConnectionMetaData().getConnection());
        if (LOG.isInfoEnabled()) {
            double millis = NanoTime.since(request.getBeginNanoTime()) / (double) TimeUnit.MILLISECONDS.toNanos(1);
            LOG.info("{} {} {} {} {} {}B {}ms", server, org.eclipse.jetty.server.Request.getRemoteAddr(request),
                    request.getMethod(), request.getHttpURI().getPath(), response.getStatus(),
                    Response.getContentBytesWritten(response), String.format("%.1f", millis));
        }
    }
}
