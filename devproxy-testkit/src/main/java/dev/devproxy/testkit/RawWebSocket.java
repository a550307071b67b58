package dev.devproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A browser's WebSocket spoken by hand on a plain socket (or a TLS one): the upgrade through the proxy under test, then raw
 * frames, for what a WebSocket client library will not send (an unmasked frame, a header split byte by byte)
 * or will not show (when the proxy closes the TCP connection).
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String handshakeResponse;

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
        Socket socket = context.connect();
        return over(socket, path, context.uri().toString(), context.sessionCookie(workspace), early);
    }

    /**
     * Upgrades {@code socket}, already connected to the proxy under test (over TLS, say), at {@code path}, from a page
     * of {@code origin} ({@code https://127.0.0.1:8443}, which also gives the {@code Host}) with {@code cookie}
     * ({@code name=value}); {@code early} goes out in the same write as the request. Asserts the 101.
     */
    public static RawWebSocket over(Socket socket, String path, String origin, String cookie, byte[] early)
            throws IOException {
        return over(socket, path, origin, cookie, "", early);
    }

    /**
     * Opens alpha's {@code path} like {@link #open(ConformanceContext, String)}, offering {@code extensions} (a
     * {@code Sec-WebSocket-Extensions} value) as a browser does; the proxy's answer is in {@link #handshakeResponse()}.
     */
    public static RawWebSocket openOffering(ConformanceContext context, String path, String extensions)
            throws Exception {
        Socket socket = context.connect();
        return over(socket, path, context.uri().toString(), context.sessionCookie("alpha"),
                "Sec-WebSocket-Extensions: " + extensions + "\r\n", new byte[0]);
    }

    private static RawWebSocket over(Socket socket, String path, String origin, String cookie, String moreHeaders,
            byte[] early) throws IOException {
        RawWebSocket raw = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + URI.create(origin).getAuthority() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n" + moreHeaders
                + "Origin: " + origin + "\r\nCookie: " + cookie + "\r\n\r\n";
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));
        handshake.writeBytes(early);
        raw.out.write(handshake.toByteArray());
        raw.out.flush();
        raw.handshakeResponse = readHead(raw.in);
        assertThat(raw.handshakeResponse).startsWith("HTTP/1.1 101");
        return raw;
    }

    /** The proxy's {@code 101}: status line and header lines. */
    public String handshakeResponse() {
        return handshakeResponse;
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

    /** Reads one unmasked frame with a payload under 64 KiB, as the proxy sends it to a browser. */
    public byte[] readFrame() throws IOException {
        byte[] header = in.readNBytes(2);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(header);
        int length = header[1] & 0x7F;
        if (length == 126) {
            byte[] extended = in.readNBytes(2);
            frame.writeBytes(extended);
            length = ((extended[0] & 0xFF) << 8) | (extended[1] & 0xFF);
        }
        frame.writeBytes(in.readNBytes(length));
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

    /** A whole masked frame (payload under 64 KiB), as a browser sends it. */
    public static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        }
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /**
     * A whole masked frame of one message compressed by {@code browser} as a browser with {@code permessage-deflate}
     * does (RFC 7692 §7.2.1: sync-flushed, the trailing {@code 00 00 FF FF} removed, RSV1 set); under 64 KiB.
     */
    public static byte[] compressedMaskedFrame(Deflater browser, int opcode, byte[] message) {
        browser.setInput(message);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = browser.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            compressed.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] frame = maskedFrame(opcode, Arrays.copyOf(compressed.toByteArray(), compressed.size() - 4));
        frame[0] |= 0x40;
        return frame;
    }

    /** The message a server's compressed frame (from {@link #readFrame}) holds, inflated as RFC 7692 §7.2.2 says. */
    public static byte[] inflate(Inflater browser, byte[] frame) throws DataFormatException {
        int at = (frame[1] & 0x7F) == 126 ? 4 : 2;
        browser.setInput(concat(Arrays.copyOfRange(frame, at, frame.length), new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF}));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = browser.inflate(chunk)) > 0) {
            message.write(chunk, 0, n);
        }
        return message.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
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
