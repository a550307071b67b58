package dev.devproxy.testkit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A fake workspace upstream: a real Jetty server on {@code 127.0.0.1}, port 0, standing in for a
 * container. It records every request it receives and fails the test (through {@link #assertClean()})
 * if any of them carried devproxy's session cookie or a secret registered with {@link #forbid(String)}.
 *
 * <p>HTTP endpoints (paths as the upstream sees them):
 * <ul>
 *   <li>{@code /small}: {@code hello from <name>};</li>
 *   <li>{@code /echo}: echoes the request body;</li>
 *   <li>{@code /large?bytes=N}: N bytes of a repeating pattern (see {@link #patternByte(long)}), streamed in 64 KiB chunks;</li>
 *   <li>{@code /respond[/any/path]?status=S&h=Name:Value...}: answers with that status and those headers;</li>
 *   <li>{@code /slow?ms=N}: answers after N ms; {@code /hang}: never answers;</li>
 *   <li>{@code /gated}: sends 64 KiB, waits for {@link #openGate()}, sends 64 KiB more;</li>
 *   <li>{@code /fail-mid-body}: promises 1 MB, sends 1000 bytes, then drops the connection;</li>
 *   <li>anything else: 200 with {@code <name> <method> <path>}.</li>
 * </ul>
 * WebSocket endpoints under {@code /ws/}: see {@link FakeSockets}.
 *
 * <p>{@link #startTls(String, SelfSignedCertificate)} serves the same over TLS ({@code https://}, {@code wss://}).
 */
public final class FakeUpstream implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final String name;
    private final Server server;
    private final ServerConnector connector;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final FakeSockets sockets;
    private final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    private final String scheme;

    private FakeUpstream(String name, SelfSignedCertificate certificate) {
        this.name = name;
        QueuedThreadPool threads = new QueuedThreadPool(64);
        threads.setName("fake-upstream-" + name);
        this.server = new Server(threads);
        if (certificate == null) {
            this.connector = new ServerConnector(server);
            this.scheme = "http";
        } else {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(certificate.keystore().toString());
            tls.setKeyStorePassword(certificate.password());
            tls.setKeyStoreType("PKCS12");
            this.connector = new ServerConnector(server, tls);
            this.scheme = "https";
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new Endpoints()), "/*");
        this.sockets = new FakeSockets(this);
        JettyWebSocketServletContainerInitializer.configure(context, null);
        ServletHolder ws = new ServletHolder(sockets.servlet());
        context.addServlet(ws, "/ws/*");
        server.setHandler(context);
    }

    /**
     * Starts an upstream named {@code name} (the name appears in its answers, to prove which upstream
     * answered).
     */
    public static FakeUpstream start(String name) throws Exception {
        FakeUpstream upstream = new FakeUpstream(name, null);
        upstream.server.start();
        return upstream;
    }

    /**
     * Starts an upstream like {@link #start(String)} that speaks TLS only, presenting {@code certificate}: its
     * {@link #uri()} is {@code https://127.0.0.1:<port>}, and its sockets are {@code wss://}. Whoever dials it must
     * trust the certificate (for a proxy under test: {@link SelfSignedCertificate#trustedByThisJvm()}).
     */
    public static FakeUpstream startTls(String name, SelfSignedCertificate certificate) throws Exception {
        FakeUpstream upstream = new FakeUpstream(name, certificate);
        upstream.server.start();
        return upstream;
    }

    /** The upstream's name. */
    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://} for {@link #startTls}. */
    public URI uri() {
        return URI.create(scheme + "://127.0.0.1:" + connector.getLocalPort());
    }

    /** The port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Registers a value (a cookie name followed by '=', a token) that must never reach this upstream. */
    public void forbid(String secret) {
        forbidden.add(secret);
    }

    /** Every request received so far. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The last request received. */
    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("upstream " + name + " received no request");
        }
        return requests.get(requests.size() - 1);
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    /** How many TCP connections are open to this upstream right now. */
    public int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /** Lets {@code /gated} send the rest of its body. */
    public void openGate() {
        gate.countDown();
    }

    /** The WebSocket side: live sessions and what they received. */
    public FakeSockets sockets() {
        return sockets;
    }

    /** Throws if any request carried a forbidden value. */
    public void assertClean() {
        if (!violations.isEmpty()) {
            throw new AssertionError("upstream " + name + " received devproxy credentials: " + violations);
        }
    }

    /** The byte at {@code offset} of {@code /large}'s body. */
    public static byte patternByte(long offset) {
        return (byte) ('a' + (offset % 26));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    void record(HttpServletRequest request, boolean webSocket) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header : Collections.list(request.getHeaderNames())) {
            headers.put(header.toLowerCase(Locale.ROOT), List.copyOf(Collections.list(request.getHeaders(header))));
        }
        RecordedRequest recorded = new RecordedRequest(request.getMethod(), request.getRequestURI(),
                request.getQueryString(), Collections.unmodifiableMap(headers), webSocket);
        requests.add(recorded);
        String everything = recorded.rawPath() + "?" + recorded.rawQuery() + " " + headers;
        for (String secret : forbidden) {
            if (everything.contains(secret)) {
                violations.add(request.getMethod() + " " + request.getRequestURI() + " carried a forbidden value");
            }
        }
    }

    private final class Endpoints extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            record(request, false);
            String path = request.getRequestURI();
            // /respond/<anything> behaves like /respond, so responses can be given any path (a service worker's, say).
            switch (path.startsWith("/respond/") ? "/respond" : path) {
                case "/small":
                    text(response, "hello from " + name);
                    break;
                case "/echo":
                    echo(request, response);
                    break;
                case "/large":
                    large(response, Long.parseLong(param(request, "bytes", "1048576")));
                    break;
                case "/respond":
                    respond(request, response);
                    break;
                case "/slow":
                    sleep(Long.parseLong(param(request, "ms", "1000")));
                    text(response, "slow from " + name);
                    break;
                case "/hang":
                    AsyncContext async = request.startAsync();
                    async.setTimeout(0);
                    break;
                case "/gated":
                    gated(response);
                    break;
                case "/fail-mid-body":
                    response.setContentLength(1_000_000);
                    response.getOutputStream().write(new byte[1000]);
                    response.flushBuffer();
                    response.sendError(-1);
                    break;
                default:
                    text(response, name + " " + request.getMethod() + " " + path);
            }
        }

        private void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/octet-stream");
            try (InputStream in = request.getInputStream(); OutputStream out = response.getOutputStream()) {
                in.transferTo(out);
            }
        }

        private void large(HttpServletResponse response, long bytes) throws IOException {
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(bytes);
            OutputStream out = response.getOutputStream();
            byte[] chunk = new byte[CHUNK];
            for (long offset = 0; offset < bytes; ) {
                int n = (int) Math.min(CHUNK, bytes - offset);
                for (int i = 0; i < n; i++) {
                    chunk[i] = patternByte(offset + i);
                }
                out.write(chunk, 0, n);
                out.flush();
                offset += n;
            }
        }

        private void gated(HttpServletResponse response) throws IOException {
            response.setContentType("application/octet-stream");
            OutputStream out = response.getOutputStream();
            out.write(new byte[CHUNK]);
            out.flush();
            try {
                gate.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write(new byte[CHUNK]);
        }

        private void respond(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(Integer.parseInt(param(request, "status", "200")));
            String[] headers = request.getParameterValues("h");
            for (String header : headers == null ? new String[0] : headers) {
                int colon = header.indexOf(':');
                response.addHeader(header.substring(0, colon), header.substring(colon + 1));
            }
            text(response, "responded by " + name);
        }

        private void text(HttpServletResponse response, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain;charset=utf-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }

        private String param(HttpServletRequest request, String name, String fallback) {
            String value = request.getParameter(name);
            return value == null ? fallback : value;
        }

        private void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
