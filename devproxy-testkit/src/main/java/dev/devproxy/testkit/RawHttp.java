package dev.devproxy.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a request exactly as written, byte for byte, over a plain socket (or any connected one): for hostile inputs
 * that HTTP client libraries would normalise or refuse (dot segments, CRLF, oversized headers, broken handshakes).
 */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * Sends {@code request} (use {@code \r\n} line ends) and reads until the response is complete or the
     * server closes, at most 10 s. Interim responses ({@code 100 Continue}) are skipped; a {@code 101} is the answer.
     */
    public static TestResponse send(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            return send(socket, request);
        }
    }

    /** As {@link #send(int, String)}, on a socket already connected (over TLS, say); the caller closes it. */
    public static TestResponse send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return read(socket.getInputStream());
    }

    private static TestResponse read(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int headerEnd = -1;
        long contentLength = -1;
        try {
            int n;
            while ((n = in.read(chunk)) != -1) {
                buffer.write(chunk, 0, n);
                String soFar = buffer.toString(StandardCharsets.ISO_8859_1);
                while (headerEnd < 0 && isInterim(soFar) && soFar.contains("\r\n\r\n")) {
                    // An interim response (100 Continue, 103 Early Hints) precedes the final one: skip it.
                    soFar = soFar.substring(soFar.indexOf("\r\n\r\n") + 4);
                    buffer.reset();
                    buffer.writeBytes(soFar.getBytes(StandardCharsets.ISO_8859_1));
                }
                if (headerEnd < 0 && (headerEnd = soFar.indexOf("\r\n\r\n")) >= 0) {
                    contentLength = contentLength(soFar.substring(0, headerEnd));
                    if (soFar.startsWith("HTTP/1.1 101")) {
                        break;
                    }
                }
                if (headerEnd >= 0 && contentLength >= 0 && buffer.size() >= headerEnd + 4 + contentLength) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // A response without length: whatever arrived is the answer.
        }
        String all = buffer.toString(StandardCharsets.ISO_8859_1);
        if (headerEnd < 0) {
            throw new IOException("no complete response; got: " + all.substring(0, Math.min(200, all.length())));
        }
        String[] lines = all.substring(0, headerEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = all.substring(headerEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
        return new TestResponse(status, headers, body);
    }

    private static boolean isInterim(String response) {
        return response.startsWith("HTTP/1.1 1") && !response.startsWith("HTTP/1.1 101");
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return -1;
    }
}
