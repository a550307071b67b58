package dev.devproxy.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A raw WebSocket upstream that answers every upgrade with the {@code 101} response and its first text messages
 * in one write, so that they reach the proxy in one TCP segment: the proxy's client reads the messages together
 * with the handshake response, before anyone has asked it for a frame. VNC servers and the demo's scratchpad
 * speak first like this; only a timing accident of a real server shows it, this one shows it every time.
 * After that it reads and ignores whatever comes, until the proxy closes the connection.
 */
public final class EagerSocketUpstream implements AutoCloseable {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final List<String> greetings;
    private final RawListener listener;

    private EagerSocketUpstream(List<String> greetings) throws IOException {
        this.greetings = List.copyOf(greetings);
        listener = new RawListener("eager-upstream", this::serve);
    }

    /** Starts on 127.0.0.1, port 0; each socket is greeted with {@code greetings}, in order, with the 101. */
    public static EagerSocketUpstream start(String... greetings) throws IOException {
        return new EagerSocketUpstream(List.of(greetings));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return listener.uri();
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(60_000);
            String key = webSocketKey(readHead(in));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            answer.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String greeting : greetings) {
                answer.writeBytes(textFrame(greeting));
            }
            out.write(answer.toByteArray());   // one write: the 101 and the messages travel together
            out.flush();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) != -1) {
                // Read and ignore until the proxy closes the connection.
            }
        } catch (IOException e) {
            // The proxy went away: nothing to do.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed inside the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String webSocketKey(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IOException("no Sec-WebSocket-Key in the upgrade request");
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    /** An unmasked final text frame (a server's frames are never masked, RFC 6455 §5.1); payloads under 126 bytes. */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("greetings are short: at most 125 bytes");
        }
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        return frame;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
