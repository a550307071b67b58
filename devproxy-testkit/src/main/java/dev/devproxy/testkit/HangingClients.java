package dev.devproxy.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many raw clients at once, each started and then left waiting, for tests that prove one user cannot stall the host:
 * WebSocket upgrades to an upstream that never answers, request bodies that trickle, downloads nobody reads. Each
 * client is one socket; {@link #statuses} reads what each was answered, and {@link #close} closes them all.
 */
public final class HangingClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    private HangingClients() {
    }

    /** {@code count} WebSocket upgrades to {@code path} with {@code cookie}, from a page of {@code origin}, not awaited. */
    public static HangingClients upgrades(int port, int count, String path, String origin, String cookie)
            throws IOException {
        HangingClients clients = new HangingClients();
        for (int i = 0; i < count; i++) {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            clients.send(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nOrigin: " + origin + "\r\nCookie: " + cookie
                    + "\r\n\r\n");
        }
        return clients;
    }

    /** {@code count} POSTs to {@code path} that announce {@code Content-Length: 1000000} and send two bytes of it. */
    public static HangingClients tricklingBodies(int port, int count, String path, String cookie) throws IOException {
        HangingClients clients = new HangingClients();
        for (int i = 0; i < count; i++) {
            clients.send(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\nab");
        }
        return clients;
    }

    /**
     * {@code count} GETs of {@code path} whose responses nobody reads: each socket's receive buffer is kept small, so
     * a large body stops the proxy's writes at once.
     */
    public static HangingClients unreadDownloads(int port, int count, String path, String cookie) throws IOException {
        HangingClients clients = new HangingClients();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            clients.write(socket, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                    + "\r\n\r\n");
        }
        return clients;
    }

    private void send(int port, String request) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        write(socket, request);
    }

    private void write(Socket socket, String request) throws IOException {
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** How many clients there are. */
    public int size() {
        return sockets.size();
    }

    /**
     * The status each client was answered, in order, waiting at most {@code timeoutMillis} for each; -1 for a client
     * whose connection closed without an answer.
     */
    public List<Integer> statuses(int timeoutMillis) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        for (Socket socket : sockets) {
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            statuses.add(parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1);
        }
        return statuses;
    }

    /** Closes every client's socket. */
    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a test's client: nothing to do
            }
        }
    }
}
