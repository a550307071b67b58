package dev.devproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A browser's WebSocket spoken by hand on a plain socket: the upgrade through the proxy under test, then raw
 * frames, for what a WebSocket client library will not send (an unmasked frame, a header split byte by byte)
 * or will not show (when the proxy closes the TCP connection).
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens {@code path} on the proxy under test with workspace alpha's session cookie; asserts the 101. */
    public static RawWebSocket open(ConformanceContext context, String path) throws Exception {
        return open(context, path, new byte[0]);
    }

    /**
     * As {@link #open(ConformanceContext, String)}, with {@code early} written in the same write as the upgrade
     * request, before the 101: bytes that reach the proxy together with the handshake.
     */
    public static RawWebSocket open(ConformanceContext context, String path, byte[] early) throws Exception {
        return open(context, "alpha", path, early);
    }

    /** As {@link #open(ConformanceContext, String)}, with {@code workspace}'s session cookie. */
    public static RawWebSocket open(ConformanceContext context, String workspace, String path) throws Exception {
        return open(context, workspace, path, new byte[0]);
    }

    private static RawWebSocket open(ConformanceContext context, String workspace, String path, byte[] early)
            throws Exception {
        Socket socket = new Socket("127.0.0.1", context.port());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return over(socket, path, context.uri().toString(), context.sessionCookie(workspace), early);
    }

    /**
     * Upgrades {@code socket}, already connected to the proxy under test (over TLS, say), at {@code path}, from a page
     * of {@code origin} ({@code https://127.0.0.1:8443}, which also gives the {@code Host}) with {@code cookie}
     * ({@code name=value}); {@code early} goes out in the same write as the request. Asserts the 101.
     */
    public static RawWebSocket over(Socket socket, String path, String origin, String cookie, byte[] early)
            throws IOException {
        RawWebSocket raw = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + URI.create(origin).getAuthority() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Origin: " + origin + "\r\nCookie: " + cookie + "\r\n\r\n";
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));
        handshake.writeBytes(early);
        raw.out.write(handshake.toByteArray());
        raw.out.flush();
        assertThat(readHead(raw.in)).startsWith("HTTP/1.1 101");
        return raw;
    }

    /** Reads an HTTP response head, up to and with its empty line, from {@code in}. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("ended inside the response head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one unmasked frame with a payload under 126 bytes, as the proxy sends it to a browser. */
    public byte[] readFrame() throws IOException {
        byte[] header = in.readNBytes(2);
        byte[] payload = in.readNBytes(header[1] & 0x7F);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(header);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** The socket's input (10 s read timeout). */
    public InputStream in() {
        return in;
    }

    /** The socket's output. */
    public OutputStream out() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A whole masked frame (payload under 126 bytes), as a browser sends it. */
    public static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** A whole unmasked frame (payload under 126 bytes), as a server sends it. */
    public static byte[] unmaskedFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(payload.length);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }
}
