package dev.devproxy.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw HTTP upstream that answers every request with the same bytes, written as given, and then closes the
 * connection: for answers a real server would not give (a {@code 101} to a plain GET, a header of 64 KiB, a
 * response without {@code Server}) and for requests a real server would normalise before a test could see them
 * (the request line byte for byte, every header name the proxy sent). It never sends {@code 100 Continue}: it
 * reads a request's {@code Content-Length} bytes of body straight after the head, as a server that does not
 * implement {@code Expect} does (RFC 9110 §10.1.1 lets it).
 */
public final class ScriptedUpstream implements AutoCloseable {
    private final byte[] answer;
    private final RawListener listener;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** One request as it arrived: its head (request line and header lines, without the empty line) and body. */
    public record Received(String head, byte[] body) {
        /** The request line, e.g. {@code GET /x?a|b HTTP/1.1}. */
        public String requestLine() {
            return head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
        }

        /** The header names in arrival order, lower-cased. */
        public List<String> headerNames() {
            List<String> names = new ArrayList<>();
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    names.add(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT));
                }
            }
            return names;
        }

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return lines[i].substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private ScriptedUpstream(byte[] answer) throws IOException {
        this.answer = answer.clone();
        this.listener = new RawListener("scripted-upstream", this::serve);
    }

    /** Starts on 127.0.0.1, port 0, answering every request with {@code response} (ISO-8859-1, CRLF line ends). */
    public static ScriptedUpstream start(String response) throws IOException {
        return new ScriptedUpstream(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return listener.uri();
    }

    /** Every request received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(30_000);
            String head = readHead(in);
            byte[] body = in.readNBytes(contentLength(head));
            received.add(new Received(head, body));
            out.write(answer);
            out.flush();
        } catch (IOException e) {
            // The proxy went away or sent no complete request: the test looks at what was received.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the request head");
            }
            head.write(b);
            String soFar = head.toString(StandardCharsets.ISO_8859_1);
            if (soFar.endsWith("\r\n\r\n")) {
                return soFar.substring(0, soFar.length() - 4);
            }
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
