package dev.devproxy.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A byte-for-byte TCP relay in front of a real app that keeps every byte of every connection, both ways, so that a
 * measurement can read the WebSocket frames that crossed it afterwards (what devproxy's byte relay forwarded, as the
 * browser sent them and as the app answered). Only for measurements: it holds everything in memory.
 */
final class WebSocketTap implements AutoCloseable {
    /** One connection's bytes: towards the app, and back. */
    record Connection(ByteArrayOutputStream towardsApp, ByteArrayOutputStream towardsClient) {
        /** Whether it was a WebSocket the app accepted: an upgrade request answered with 101. */
        boolean isWebSocket() {
            return head(towardsApp).toLowerCase(Locale.ROOT).contains("upgrade: websocket")
                    && head(towardsClient).startsWith("HTTP/1.1 101");
        }

        /** The app's 101, head only. */
        String handshakeResponse() {
            return head(towardsClient);
        }

        /** The frames the client sent after its upgrade request. */
        byte[] clientFrames() {
            return afterHead(towardsApp);
        }

        /** The frames the app sent after its 101. */
        byte[] appFrames() {
            return afterHead(towardsClient);
        }

        private static String head(ByteArrayOutputStream stream) {
            String all;
            synchronized (stream) {
                all = stream.toString(StandardCharsets.ISO_8859_1);
            }
            int end = all.indexOf("\r\n\r\n");
            return end < 0 ? all : all.substring(0, end);
        }

        private static byte[] afterHead(ByteArrayOutputStream stream) {
            byte[] all;
            synchronized (stream) {
                all = stream.toByteArray();
            }
            int end = new String(all, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
            return end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(all, end + 4, all.length);
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress app;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private WebSocketTap(ServerSocket listener, InetSocketAddress app) {
        this.listener = listener;
        this.app = app;
        Thread acceptor = new Thread(this::acceptLoop, "tap-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a tap on a loopback port in front of the app at {@code appUri}. */
    static WebSocketTap inFrontOf(URI appUri) throws IOException {
        return new WebSocketTap(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                new InetSocketAddress(appUri.getHost(), appUri.getPort()));
    }

    /** The address devproxy should use as the app's. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** The WebSocket connections so far. */
    List<Connection> webSockets() {
        List<Connection> webSockets = new ArrayList<>();
        for (Connection connection : connections) {
            if (connection.isWebSocket()) {
                webSockets.add(connection);
            }
        }
        return webSockets;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket toApp = new Socket();
                sockets.add(client);
                sockets.add(toApp);
                toApp.connect(app, 5_000);
                Connection connection = new Connection(new ByteArrayOutputStream(), new ByteArrayOutputStream());
                connections.add(connection);
                pump(client, toApp, connection.towardsApp());
                pump(toApp, client, connection.towardsClient());
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    synchronized (record) {
                        record.write(buffer, 0, read);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tap-" + from.getPort());
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
        sockets.forEach(WebSocketTap::closeQuietly);
    }
}
