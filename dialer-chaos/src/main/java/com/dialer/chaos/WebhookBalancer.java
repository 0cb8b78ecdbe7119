package com.dialer.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one address Plivo calls back, in front of several webhook bridges: a TCP balancer as a cloud load balancer
 * is (layer 4, round robin, a backend that refuses the connection skipped). A connection open to a bridge that is
 * killed is cut, as a real balancer's would be; Plivo's retry opens a new one, to a live bridge.
 */
final class WebhookBalancer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookBalancer.class);
    private final ServerSocket server;
    private final List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService relays = Executors.newVirtualThreadPerTaskExecutor();

    private WebhookBalancer(ServerSocket server, List<Integer> backends) {
        this.server = server;
        this.backends = List.copyOf(backends);
    }

    /** Listens on 127.0.0.1:{@code port} and spreads the connections over the bridges on {@code backends}. */
    static WebhookBalancer start(int port, List<Integer> backends) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            WebhookBalancer balancer = new WebhookBalancer(server, backends);
            Thread.ofVirtual().name("webhook-balancer").start(balancer::accept);
            return balancer;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot listen on " + port, e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                relays.submit(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        Socket backend = connect();
        if (backend == null) {
            LOG.warn("no webhook bridge accepts a connection: refused");
            close(client);
            return;
        }
        relays.submit(() -> pipe(backend, client));
        pipe(client, backend);
    }

    private Socket connect() {
        int first = Math.floorMod(next.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size(); i++) {
            int port = backends.get((first + i) % backends.size());
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
                return socket;
            } catch (IOException down) {
                close(socket);
            }
        }
        return null;
    }

    /** Copies {@code from} to {@code to} until either ends; then both are closed, as a balancer drops a cut connection. */
    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException cut) {
            // the other side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        relays.shutdownNow();
    }
}
