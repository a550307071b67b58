package dev.devproxy.testkit;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The WebSocket endpoints of a {@link FakeUpstream}, under {@code /ws/}:
 * <ul>
 *   <li>{@code /ws/echo}: echoes every message; the text {@code close <code> <reason>} makes it close with
 *       that code instead, {@code close} alone with a close frame that has no code; it picks the first offered
 *       subprotocol among {@code binary}, {@code chat};</li>
 *   <li>{@code /ws/greet}: sends {@code hello from <name>} as soon as it opens (like a VNC server), then echoes;</li>
 *   <li>{@code /ws/tagged}: answers each text with {@code <name>:<text>}, to prove which upstream answered;</li>
 *   <li>{@code /ws/firehose?messages=N&size=S}: sends N binary messages of S bytes as fast as allowed; the first
 *       8 bytes of each are its sequence number;</li>
 *   <li>{@code /ws/cookie}: sets a cookie of its own on the 101, then echoes;</li>
 *   <li>{@code /ws/paused}: accepts and never reads a frame, like a wedged app;</li>
 *   <li>{@code /ws/origin}: like code-server, refuses the upgrade (403) unless the {@code Origin} host equals
 *       {@code X-Forwarded-Host}, else {@code Host}; then echoes.</li>
 * </ul>
 */
public final class FakeSockets {
    private final FakeUpstream upstream;
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong firehoseSent = new java.util.concurrent.atomic.AtomicLong();

    FakeSockets(FakeUpstream upstream) {
        this.upstream = upstream;
    }

    /** Open sessions on the upstream side right now. */
    public int openSessions() {
        return open.size();
    }

    /** Close codes the upstream received from the proxy, in order. */
    public List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    /** Text messages the upstream received, in order. */
    public List<String> texts() {
        return List.copyOf(texts);
    }

    /** Messages the firehose endpoint has handed to its socket so far (across sessions). */
    public long firehoseSent() {
        return firehoseSent.get();
    }

    JettyWebSocketServlet servlet() {
        return new JettyWebSocketServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void configure(JettyWebSocketServletFactory factory) {
                factory.setMaxBinaryMessageSize(128L * 1024 * 1024);
                factory.setMaxTextMessageSize(128L * 1024 * 1024);
                factory.setIdleTimeout(java.time.Duration.ofMinutes(2));
                factory.setCreator(FakeSockets.this::create);
            }
        };
    }

    private Object create(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response) {
        upstream.record(request.getHttpServletRequest(), true);
        String path = request.getRequestURI().getPath();
        for (String offered : request.getSubProtocols()) {
            if (offered.equals("binary") || offered.equals("chat")) {
                response.setAcceptedSubProtocol(offered);
                break;
            }
        }
        switch (path) {
            case "/ws/echo":
                return new Echo(false, false);
            case "/ws/greet":
                return new Echo(true, false);
            case "/ws/tagged":
                return new Echo(false, true);
            case "/ws/firehose":
                Map<String, List<String>> params = request.getParameterMap();
                return new Firehose(Integer.parseInt(params.get("messages").get(0)),
                        Integer.parseInt(params.get("size").get(0)));
            case "/ws/cookie":
                response.addHeader("Set-Cookie", "wsc=1; Path=/");
                return new Echo(false, false);
            case "/ws/paused":
                return new Paused();
            case "/ws/origin":
                if (!originMatchesForwardedHost(request)) {
                    try {
                        response.sendForbidden("origin mismatch");
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                }
                return new Echo(false, false);
            default:
                return null;
        }
    }

    // code-server 4.x: the Origin host must equal Forwarded host=, else X-Forwarded-Host, else Host.
    private static boolean originMatchesForwardedHost(JettyServerUpgradeRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String host = request.getHeader("X-Forwarded-Host");
        if (host == null) {
            host = request.getHeader("Host");
        }
        URI uri = URI.create(origin);
        String originHost = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return host != null && host.toLowerCase(Locale.ROOT).equals(originHost.toLowerCase(Locale.ROOT));
    }

    /** Base of the fake endpoints; public because Jetty binds listener methods through a public lookup. */
    public abstract class Tracked implements Session.Listener.AutoDemanding {
        Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            open.add(session);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closeCodes.add(statusCode);
            open.remove(session);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            open.remove(session);
        }
    }

    /** Echo, greet and tagged endpoints. */
    public final class Echo extends Tracked {
        private final boolean greet;
        private final boolean tagged;

        Echo(boolean greet, boolean tagged) {
            this.greet = greet;
            this.tagged = tagged;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            if (greet) {
                session.sendText("hello from " + upstream.name(), Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketText(String message) {
            texts.add(message);
            if (message.equals("close")) {
                // A close frame without a status code (RFC 6455 §5.5.1: its body is optional).
                session.close(StatusCode.NO_CODE, null, Callback.NOOP);
                return;
            }
            if (message.startsWith("close ")) {
                String[] parts = message.split(" ", 3);
                session.close(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : null, Callback.NOOP);
                return;
            }
            session.sendText(tagged ? upstream.name() + ":" + message : message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
            copy.put(payload).flip();
            callback.succeed();
            session.sendBinary(copy, Callback.NOOP);
        }
    }

    /** An endpoint that never demands a frame after opening. */
    public final class Paused implements Session.Listener {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            open.add(session);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closeCodes.add(statusCode);
            open.remove(session);
            callback.succeed();
        }
    }

    /** The firehose endpoint. */
    public final class Firehose extends Tracked {
        private final int messages;
        private final int size;

        Firehose(int messages, int size) {
            this.messages = messages;
            this.size = size;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            Thread sender = new Thread(this::send, "fake-firehose");
            sender.setDaemon(true);
            sender.start();
        }

        private void send() {
            try {
                for (long seq = 0; seq < messages && session.isOpen(); seq++) {
                    ByteBuffer message = ByteBuffer.allocate(size);
                    message.putLong(0, seq);
                    Callback.Completable sent = new Callback.Completable();
                    session.sendBinary(message, sent);
                    sent.get(2, TimeUnit.MINUTES);
                    firehoseSent.incrementAndGet();
                }
            } catch (Exception e) {
                // The proxy closed the socket mid-stream: the test decides whether that was expected.
            }
        }
    }
}
