package dev.devproxy.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/** The server half of a WebSocket handshake spoken by hand, for the raw upstreams of the testkit. */
final class RawHandshake {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private RawHandshake() {
    }

    /** Reads an upgrade request's head and returns the {@code 101} that accepts it (RFC 6455 §4.2.2). */
    static byte[] acceptUpgrade(InputStream in) throws IOException {
        return acceptUpgrade(readHead(in));
    }

    /** The {@code 101} that accepts the upgrade request whose head is {@code head}. */
    static byte[] acceptUpgrade(String head) throws IOException {
        String key = webSocketKey(head);
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads a request head, up to and with its empty line. */
    static String readHead(InputStream in) throws IOException {
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

    /**
     * Reads one frame as a client sends it (masked or not; payload under 126 bytes, as every control frame's)
     * and returns its opcode and unmasked payload.
     */
    static Frame readFrame(InputStream in) throws IOException {
        byte[] header = in.readNBytes(2);
        if (header.length < 2) {
            throw new IOException("connection closed before a frame");
        }
        int length = header[1] & 0x7F;
        if (length > 125) {
            throw new IOException("a frame longer than this test upstream reads: " + length);
        }
        byte[] mask = (header[1] & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
        byte[] payload = in.readNBytes(length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame(header[0] & 0x0F, payload);
    }

    /** One frame read by {@link #readFrame}. */
    record Frame(int opcode, byte[] payload) {
        static final int CLOSE = 0x8;
        static final int PING = 0x9;
        static final int PONG = 0xA;

        /** A close frame's status code, 1005 if it has none. */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }
}
