package dev.devproxy.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte-for-byte TCP relay in front of a real app that remembers which of the watched strings ever crossed it
 * towards the app: how the suite proves that a request devproxy refused "never reached the app", for apps
 * that keep no request log we could read. It does not parse HTTP; a marker is found wherever it falls in the
 * stream, also across reads. WebSockets pass through untouched.
 */
final class WitnessRelay implements AutoCloseable {
    private static final int MAX_MARKER = 200;

    private final ServerSocket listener;
    private final InetSocketAddress app;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private WitnessRelay(ServerSocket listener, InetSocketAddress app) {
        this.listener = listener;
        this.app = app;
        this.acceptor = new Thread(this::acceptLoop, "witness-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Starts a relay on a loopback port in front of the app at {@code appUri}. */
    static WitnessRelay inFrontOf(URI appUri) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        WitnessRelay relay = new WitnessRelay(listener, new InetSocketAddress(appUri.getHost(), appUri.getPort()));
        relay.acceptor.start();
        return relay;
    }

    /** The address devproxy should use as the app's. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Starts watching for {@code marker} in what clients send the app. */
    void watch(String marker) {
        if (marker.length() > MAX_MARKER) {
            throw new IllegalArgumentException("markers are at most " + MAX_MARKER + " characters: " + marker);
        }
        watched.add(marker);
    }

    /** Whether a watched {@code marker} has crossed the relay towards the app. */
    boolean sawTowardsApp(String marker) {
        if (!watched.contains(marker)) {
            throw new IllegalStateException("not watched: " + marker);
        }
        return seen.contains(marker);
    }

    /** How many connections the relay has accepted. */
    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket clientToRelay = listener.accept();
                connections.incrementAndGet();
                Socket relayToApp = new Socket();
                sockets.add(clientToRelay);
                sockets.add(relayToApp);
                try {
                    relayToApp.connect(app, 5_000);
                } catch (IOException refused) {
                    clientToRelay.close();
                    relayToApp.close();
                    continue;
                }
                pump(clientToRelay, relayToApp, true);
                pump(relayToApp, clientToRelay, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsApp) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            String carry = "";
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                    if (towardsApp && !watched.isEmpty()) {
                        // ISO-8859-1 maps bytes to chars one to one; keep a tail so a marker split across reads is found.
                        String window = carry + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                        watched.stream().filter(window::contains).forEach(seen::add);
                        carry = window.substring(Math.max(0, window.length() - MAX_MARKER));
                    }
                }
                to.shutdownOutput();
            } catch (SocketException closed) {
                closeQuietly(to);
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "witness-" + (towardsApp ? "to-app-" : "to-client-") + from.getPort());
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing after a failure: nothing more to do
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(WitnessRelay::closeQuietly);
    }
}
