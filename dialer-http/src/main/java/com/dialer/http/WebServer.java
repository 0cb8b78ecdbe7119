package com.dialer.http;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running HTTP server (Jetty 12, core handlers) serving one {@link Route}, each request on a
 * virtual thread of its own. It cuts off clients that stall ({@link ServerSettings#idleTimeout()})
 * or dribble ({@link ServerSettings#headerTimeout()}), hands routes bodies no larger than the limit,
 * logs one line per request ({@link AccessLog}) and, on {@link #close()}, stops taking requests and
 * lets those in flight finish, up to {@link ServerSettings#drainTimeout()}.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Bodies slower than this are cut off (408): a slowloris of the body rather than the headers. */
    private static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
    private static final int ACCEPT_QUEUE = 1024;

    private final Server server;
    private final ServerConnector connector;
    private final ConnectionDeadline deadline;
    private final ServerSettings settings;

    private WebServer(Server server, ServerConnector connector, ConnectionDeadline deadline, ServerSettings settings) {
        this.server = server;
        this.connector = connector;
        this.deadline = deadline;
        this.settings = settings;
    }

    /**
     * Listens on {@code settings.bindAddress():settings.port()} and serves {@code route}.
     *
     * @throws UncheckedIOException naming the server and address when it cannot listen there
     */
    public static WebServer start(ServerSettings settings, Route route) {
        return startOnPort(settings, port -> route);
    }

    /**
     * As {@link #start(ServerSettings, Route)}, for a route that must know the port first (a URL of
     * its own built from it): {@code routeOnPort} gets the bound port before any request is taken.
     */
    public static WebServer startOnPort(ServerSettings settings, IntFunction<Route> routeOnPort) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName(settings.name() + "-http");
        // Jetty runs blocking handlers (ours) on these: one virtual thread per request
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(settings.name() + "-request-", 0).factory()));
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setIdleTimeout(settings.idleTimeout().toMillis());
        http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        ServerConnector connector = settings.tls() == null
                ? new ServerConnector(server, 1, 1, new HttpConnectionFactory(http))
                : new ServerConnector(server, 1, 1, new SslConnectionFactory(sslContext(settings.tls()), HttpVersion.HTTP_1_1.asString()),
                        new HttpConnectionFactory(httpsOf(http)));
        connector.setHost(settings.bindAddress());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        // the JDK's default backlog of 50 drops connections when a burst of clients (Plivo's callbacks, a
        // pool of 128 opening at once) arrives faster than they are accepted
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        ConnectionDeadline deadline = new ConnectionDeadline(settings.name(), settings.headerTimeout());
        connector.addBean(deadline);
        server.addConnector(connector);
        WebServer web = new WebServer(server, connector, deadline, settings);
        // Jetty's request log sees every request end, those it answered itself too
        server.setRequestLog((request, response) -> deadline.requestEnded(request.getConnectionMetaData().getConnection()));
        server.setStopTimeout(settings.drainTimeout().toMillis());
        server.setStopAtShutdown(false);
        try {
            connector.open();
        } catch (IOException e) {
            web.close();
            throw new UncheckedIOException(settings.name() + ": cannot listen on " + settings.bindAddress() + ":" + settings.port(), e);
        }
        try {
            server.setHandler(new GracefulHandler(web.new RouteHandler(routeOnPort.apply(connector.getLocalPort()))));
            server.start();
        } catch (Exception e) {
            web.close();
            if (settings.tls() != null) {
                // a wrong key store password or a key store without a key shows up here
                throw new IllegalStateException(settings.name() + ": cannot start with " + settings.tls() + ": " + e.getMessage(), e);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(settings.name() + ": cannot start", e);
        }
        return web;
    }

    private static SslContextFactory.Server sslContext(Tls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keyStore().toString());
        ssl.setKeyStorePassword(tls.password());
        ssl.setKeyStoreType(tls.type());
        return ssl;
    }

    /** The request customizer TLS needs (scheme, client certificates); SNI is not required: clients may name the IP. */
    private static HttpConfiguration httpsOf(HttpConfiguration http) {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return https;
    }

    /** The port listened on (the chosen one when the settings asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://<bind address>:<port>} ({@code https} with TLS), no trailing slash. */
    public String baseUrl() {
        String host = settings.bindAddress().contains(":") ? "[" + settings.bindAddress() + "]" : settings.bindAddress();
        return (settings.tls() == null ? "http" : "https") + "://" + host + ":" + port();
    }

    /**
     * Stops accepting, answers 503 to requests that arrive on open connections meanwhile, waits up to
     * the drain timeout for requests in flight to be answered, then closes every connection.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("{}: stopping the HTTP server: {}", settings.name(), e.toString());
        } finally {
            deadline.close();
        }
    }

    /** Hands each request to the route and writes its reply. */
    private final class RouteHandler extends Handler.Abstract {
        private final Route route;
        private final AccessLog accessLog = new AccessLog(settings.name());

        RouteHandler(Route route) {
            this.route = route;
        }

        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, Response response, Callback callback) {
            deadline.requestStarted(request.getConnectionMetaData().getConnection());
            Reply reply = answer(new Request(request, settings.maxBodyBytes()));
            accessLog.log(request, reply, request.getBeginNanoTime());
            response.setStatus(reply.status());
            HttpFields.Mutable headers = response.getHeaders();
            if (reply.contentType() != null) {
                headers.put(HttpHeader.CONTENT_TYPE, reply.contentType());
            }
            reply.headers().forEach(headers::put);
            // one last write before the commit: Jetty sets Content-Length from it
            response.write(true, ByteBuffer.wrap(reply.body()), callback);
            return true;
        }

        private Reply answer(Request request) {
            try {
                return route.handle(request);
            } catch (BodyTooLarge e) {
                return Reply.text(413, e.getMessage() + "\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.text(503, "shutting down\n");
            } catch (Exception e) {
                LOG.warn("{}: {} {} failed", settings.name(), request.method(), request.rawPath(), e);
                return Reply.text(500, "internal error\n");
            }
        }
    }
}
