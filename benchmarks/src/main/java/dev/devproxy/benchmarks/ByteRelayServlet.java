package dev.devproxy.benchmarks;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not devproxy: a measurement prototype for docs/benchmarks.md. A WebSocket proxy that, after forwarding the
 * handshake, relays bytes instead of frames, through the Servlet API's own protocol upgrade
 * ({@link HttpServletRequest#upgrade}), as nginx relays them: no unmasking, no re-masking, no message
 * reassembly; the browser's {@code Sec-WebSocket-Key} and extensions pass to the upstream and its answer comes
 * back. A read listener per pair for the browser's bytes, a blocking thread for the upstream's. It has none of devproxy's checks, close-code mapping, limits or events:
 * it measures what the container's upgraded streams cost, which is the floor under a byte relay in a servlet
 * container.
 */
public final class ByteRelayServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final List<String> FORWARDED = List.of("Sec-WebSocket-Key", "Sec-WebSocket-Version",
            "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Origin");
    private static final List<String> ANSWERED = List.of("Sec-WebSocket-Accept", "Sec-WebSocket-Protocol",
            "Sec-WebSocket-Extensions");

    private final transient URI upstream;
    private final String prefix;

    /**
     * @param upstream {@code http://host:port} of the upstream
     * @param prefix the path prefix stripped before the upstream sees the path
     */
    public ByteRelayServlet(URI upstream, String prefix) {
        this.upstream = upstream;
        this.prefix = prefix;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            response.sendError(404);
            return;
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5000);
            socket.getOutputStream().write(handshake(request).getBytes(StandardCharsets.ISO_8859_1));
            InputStream fromUpstream = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            Map<String, String> answer = fields(readHead(fromUpstream));
            if (!"101".equals(answer.get(":status"))) {
                socket.close();
                response.sendError(502);
                return;
            }
            response.setStatus(101);
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Connection", "Upgrade");
            for (String name : ANSWERED) {
                String value = answer.get(name.toLowerCase(Locale.ROOT));
                if (value != null) {
                    response.setHeader(name, value);
                }
            }
            Pair pair = request.upgrade(Pair.class);
            pair.upstream = socket;
            pair.fromUpstream = fromUpstream;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        } catch (Exception e) {
            socket.close();
            throw new IOException(e);
        }
    }

    private String handshake(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + prefix.length());
        String query = request.getQueryString();
        StringBuilder head = new StringBuilder("GET ").append(path.isEmpty() ? "/" : path)
                .append(query == null ? "" : "?" + query).append(" HTTP/1.1\r\n")
                .append("Host: ").append(upstream.getHost()).append(':').append(upstream.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        for (String name : FORWARDED) {
            String value = request.getHeader(name);
            if (value != null) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        return head.append("\r\n").toString();
    }

    /** An HTTP response head, read up to and including its blank line; what follows stays unread. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > 16 * 1024) {
                throw new IOException("no complete response head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status (under ":status") and headers (lower-case names) of a response head. */
    private static Map<String, String> fields(String head) {
        String[] lines = head.split("\r\n");
        Map<String, String> fields = new LinkedHashMap<>();
        String[] status = lines[0].split(" ");
        fields.put(":status", status.length > 1 ? status[1] : "");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                fields.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** One relayed pair after the upgrade: a read listener upstream-bound, a thread browser-bound. */
    public static final class Pair implements HttpUpgradeHandler {
        volatile Socket upstream;
        volatile InputStream fromUpstream;

        /** For the container, which instantiates upgrade handlers itself. */
        public Pair() {
        }

        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream browser = connection.getInputStream();
                OutputStream toBrowser = connection.getOutputStream();
                OutputStream toUpstream = upstream.getOutputStream();
                toBrowser.flush(); // Jetty sends the 101 with the first flush, Tomcat before init
                // Browser to upstream with a ReadListener, the non-blocking way Tomcat is built for. (Jetty 12.1.14
                // reports the upgraded input as ended at once, blocking or not: no Jetty twin of this prototype.)
                browser.setReadListener(new ReadListener() {
                    private final byte[] buffer = new byte[16 * 1024];

                    @Override
                    public void onDataAvailable() throws IOException {
                        while (browser.isReady()) {
                            int n = browser.read(buffer);
                            if (n < 0) {
                                close(connection);
                                return;
                            }
                            toUpstream.write(buffer, 0, n);
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                        close(connection);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        close(connection);
                    }
                });
                Thread down = new Thread(() -> relayDown(toBrowser, connection), "relay-down");
                down.setDaemon(true);
                down.start();
            } catch (IOException e) {
                close(connection);
            }
        }

        /** Upstream to browser, blocking, until either side ends. */
        private void relayDown(OutputStream toBrowser, WebConnection connection) {
            byte[] buffer = new byte[16 * 1024];
            try {
                for (int n; (n = fromUpstream.read(buffer)) >= 0; ) {
                    toBrowser.write(buffer, 0, n);
                    toBrowser.flush();
                }
            } catch (IOException ended) {
                // either side closed: the pair ends
            } finally {
                close(connection);
            }
        }

        private void close(WebConnection connection) {
            destroy();
            try {
                connection.close();
            } catch (Exception ignored) {
                // already closed
            }
        }

        @Override
        public void destroy() {
            try {
                upstream.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
