package dev.devproxy.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The one upstream every target talks to: Jetty's core server (no servlets) on 127.0.0.1, serving
 * {@code GET /small} (1 KiB), {@code GET /large} (10 MiB), {@code POST /echo} (the body back, streamed) and
 * a WebSocket echo at {@code /ws}. It listens on one port per target so that each target's connections
 * (and their TIME_WAIT leftovers after the idle-connection test) come from a port range of their own.
 */
public final class Upstream implements AutoCloseable {
    private final Server server;
    private final List<ServerConnector> connectors = new ArrayList<>();

    /** Starts the upstream on {@code ports} ephemeral ports with {@code fault} in its WebSocket echo. */
    public Upstream(int ports, Fault fault) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("upstream");
        server = new Server(threads);
        for (int i = 0; i < ports; i++) {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            connector.setAcceptQueueSize(4096);
            connector.setIdleTimeout(Duration.ofMinutes(10).toMillis());
            server.addConnector(connector);
            connectors.add(connector);
        }
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.setMaxBinaryMessageSize(1024 * 1024);
            container.setMaxTextMessageSize(1024 * 1024);
            container.addMapping("/ws", (request, response, callback) -> new EchoSocket(fault));
        });
        webSockets.setHandler(new Bodies());
        server.setHandler(webSockets);
        server.start();
    }

    /** The port of listener {@code index}. */
    public int port(int index) {
        return connectors.get(index).getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Runs the upstream until killed; prints {@code READY <port> <port>…} once it listens. */
    public static void main(String[] args) throws Exception {
        int ports = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Upstream upstream = new Upstream(ports, Fault.NONE);
        StringBuilder ready = new StringBuilder("READY");
        for (int i = 0; i < ports; i++) {
            ready.append(' ').append(upstream.port(i));
        }
        System.out.println(ready);
        System.out.flush();
        upstream.server.join();
    }

    /**
     * The HTTP resources; anything else is 404. Bodies are written from direct buffers made once: a heap
     * buffer makes the JDK copy it into a temporary direct buffer of the whole body's size, cached per thread,
     * and after the idle test had grown the pool, 10 MiB per thread exhausted direct memory and the upstream
     * cut large GETs for every target alike (the first benchmark runs' large-GET errors).
     */
    private static final class Bodies extends Handler.Abstract {
        private static final ByteBuffer SMALL = direct(Payloads.small());
        private static final ByteBuffer LARGE = direct(Payloads.large());

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            switch (path) {
                case "/small" -> send(response, SMALL, callback);
                case "/large" -> send(response, LARGE, callback);
                case "/echo" -> {
                    long length = request.getLength();
                    if (length >= 0) {
                        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
                    }
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                    Content.copy(request, response, callback);
                }
                default -> Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
            return true;
        }

        private static void send(Response response, ByteBuffer body, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            response.write(true, body.asReadOnlyBuffer(), callback);
        }

        private static ByteBuffer direct(byte[] bytes) {
            return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        }
    }
}
