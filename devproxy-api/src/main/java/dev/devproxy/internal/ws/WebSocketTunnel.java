package dev.devproxy.internal.ws;

import dev.devproxy.DevProxy;
import dev.devproxy.DevProxyListener;
import dev.devproxy.Failure;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.UpstreamFailure;
import dev.devproxy.internal.ErrorResponses;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.LogSafe;
import dev.devproxy.internal.headers.HeaderList;
import dev.devproxy.internal.headers.RequestHeaderRewriter;
import dev.devproxy.internal.headers.ResponseContext;
import dev.devproxy.internal.headers.ResponseHeaderRewriter;
import dev.devproxy.internal.http.ServerHeaders;
import dev.devproxy.internal.http.UpstreamFailures;
import dev.devproxy.internal.routing.BrowserOrigin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. The WebSocket half of the tunnel. For an admitted {@link Exchange} it dials the
 * exchange's target first, then upgrades the browser through the standard Jakarta
 * {@code ServerContainer.upgradeHttpToWebSocket} with an endpoint already bound to that upstream
 * socket: there is no shared state from which a frame could reach another target or a default one.
 *
 * <p>Where the settings say so ({@link WebSocketSettings.Relaying}), the browser's handshake is forwarded
 * instead and the two sockets are relayed as bytes ({@link ByteTunnel}, {@link ByteRelay}); the checks
 * before the upgrade and the header rules are the same either way.
 */
public final class WebSocketTunnel {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.websocket");
    private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

    private final DevProxy proxy;
    private final WebSocketSettings settings;
    private final DevProxyListener listener;
    private final UpstreamClient upstreamClient;
    private final LiveSockets sockets;
    private final ByteTunnel byteTunnel;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param proxy the configuration
     * @param listener where socket events go (already guarded against throwing)
     * @param credentialEnded why an exchange's credential no longer holds (expired, revoked), or null if it does
     */
    public WebSocketTunnel(DevProxy proxy, DevProxyListener listener, Function<Exchange, String> credentialEnded) {
        this.proxy = proxy;
        this.settings = proxy.webSocket();
        this.listener = listener;
        this.upstreamClient = new UpstreamClient(proxy);
        this.sockets = new LiveSockets(settings, credentialEnded::apply);
        this.byteTunnel = new ByteTunnel(upstreamClient, proxy.connectTimeout(), settings.compression());
    }

    /** Whether the request asks for a WebSocket upgrade. */
    public static boolean isUpgradeRequest(HttpServletRequest request) {
        return Handshake.isUpgradeRequest(request);
    }

    /** Checks the handshake and origin; null if the upgrade may proceed, else the failure to answer. */
    public Failure refusal(HttpServletRequest request, BrowserOrigin requestOrigin, boolean viaBearer) {
        if (!Handshake.isValid(request)) {
            return Failure.BAD_REQUEST;
        }
        if (!Handshake.originAllowed(request.getHeader("Origin"), requestOrigin, viaBearer, settings.allowedOrigins())) {
            return Failure.FORBIDDEN;
        }
        return null;
    }

    /** Whether an unauthenticated upgrade is answered by accepting and closing with 4401. */
    public boolean acceptsThenCloses(HttpServletRequest request) {
        return settings.authFailure() == WebSocketSettings.AuthFailure.ACCEPT_THEN_CLOSE && Handshake.isValid(request);
    }

    /** Upgrades the browser and closes at once with {@code failure}'s close code; nothing is dialled. */
    public void acceptThenClose(HttpServletRequest request, HttpServletResponse response, Failure failure)
            throws IOException {
        ServerContainer container = container(request, response);
        if (container == null) {
            return;
        }
        upgrade(container, request, response, new Rejecting(failure, settings.idleTimeout()), "", List.of());
    }

    /** Dials the exchange's target and, if that works, upgrades the browser into a relay bound to it. */
    public void relay(HttpServletRequest request, HttpServletResponse response, Exchange exchange) throws IOException {
        if (relaysBytes(request)) {
            relayBytes(request, response, exchange);
            return;
        }
        URI upstream = asUri(exchange);
        if (upstream == null) {
            // The container's Jakarta WebSocket server parses the request URI as a java.net.URI and fails on what a
            // browser may leave unencoded in a query (a % that starts no escape): refused before anything is dialled.
            LOG.debug("socket to workspace {} refused: its request URI is no java.net.URI", exchange.workspace());
            ErrorResponses.send(request, response, Failure.BAD_REQUEST);
            return;
        }
        ServerContainer container = container(request, response);
        if (container == null) {
            return;
        }
        Relay relay = new Relay(ids.incrementAndGet(), exchange, settings.maxMessageSize(), settings.idleTimeout(),
                listener, sockets::remove);
        // Known to the live sockets before dialling: a shutdown (or revocation) while the pair is being set up
        // closes it with its own code, each side as it opens, rather than racing the upstream client's stop.
        if (!sockets.add(relay)) {
            ErrorResponses.send(request, response, Failure.SHUTTING_DOWN);
            return;
        }
        UpstreamRefusal.Capture refusal = new UpstreamRefusal.Capture();
        Dialled dialled = dial(request, exchange, upstream, relay, refusal);
        if (dialled.session() == null) {
            relay.abandon();
            sockets.remove(relay);
            refuseOrFail(request, response, exchange, refusal, dialled.failure());
            return;
        }
        String subprotocol = dialled.session().getUpgradeResponse().getAcceptedSubProtocol();
        relay.negotiated(subprotocol == null ? "" : subprotocol);
        List<String> setCookies = upstreamSetCookies(dialled.session(), exchange);
        ServerHeaders.apply(request, response, dialled.session().getUpgradeResponse().getHeader("Server"),
                exchange.policy().serverHeader());
        boolean upgraded = upgrade(container, request, response, relay.clientSide, relay.subprotocol(), setCookies);
        if (!upgraded) {
            relay.closeBoth(1001, "client upgrade failed");
        }
    }

    // AUTO relays bytes where devproxy knows how to take the browser's connection over: on Jetty through its adapter's
    // JettyCore, on Tomcat through Tomcat's own upgrade interface (TomcatUpgrade, with its adapter) or else Servlet
    // protocol upgrade. (Jetty 12.1's Servlet upgrade reports the upgraded input
    // as ended at once: benchmarks' JettyServletUpgradeTest pins that, so Jetty is never asked for it.)
    private boolean relaysBytes(HttpServletRequest request) {
        return switch (settings.relaying()) {
            case BYTES -> true;
            case FRAMES -> false;
            case AUTO -> request.getServletContext().getAttribute(JettyCore.ATTRIBUTE) != null
                    || request.getServletContext().getServerInfo().startsWith("Apache Tomcat");
        };
    }

    private void relayBytes(HttpServletRequest request, HttpServletResponse response, Exchange exchange)
            throws IOException {
        Executor writer = byteTunnel.writerOrNull();
        RelayLoop loop = byteTunnel.loopOrNull();
        ByteRelay relay = writer == null || loop == null ? null : new ByteRelay(ids.incrementAndGet(), exchange,
                settings.maxMessageSize(), settings.idleTimeout(), listener, sockets::remove, writer, loop);
        if (relay == null || !sockets.add(relay)) { // before dialling, as for the frame relay
            ErrorResponses.send(request, response, Failure.SHUTTING_DOWN);
            return;
        }
        ByteTunnel.Answer answer;
        UpstreamRefusal.Capture refusal = new UpstreamRefusal.Capture();
        try {
            answer = byteTunnel.dial(request, exchange, upstreamHeaders(request, exchange), relay, refusal);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sockets.remove(relay);
            fail(request, response, exchange.workspace(), UpstreamFailure.Kind.CONNECTION_RESET);
            return;
        } catch (Exception e) {
            sockets.remove(relay);
            refuseOrFail(request, response, exchange, refusal, e);
            return;
        }
        List<String> setCookies = rewrittenSetCookies(answer.setCookies(), exchange);
        ServerHeaders.apply(request, response, answer.server(), exchange.policy().serverHeader());
        if (!byteTunnel.upgradeBrowser(request, response, answer, setCookies, relay)) {
            relay.abandon();
            LOG.debug("browser upgrade failed for workspace {}", exchange.workspace());
            ErrorResponses.send(request, response, Failure.INTERNAL_ERROR);
        }
    }

    /**
     * Dialling failed: the upstream's own 4xx refusal goes to the browser as it gave it (reported as an exchange with
     * that status), anything else is a failure of the vocabulary (502, 504).
     */
    private void refuseOrFail(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
            UpstreamRefusal.Capture capture, Throwable failure) throws IOException {
        Optional<UpstreamRefusal> refusal = capture.refusal();
        if (refusal.isEmpty()) {
            LOG.debug("dialling the upstream of workspace {} failed: {}", exchange.workspace(), LogSafe.describe(failure));
            fail(request, response, exchange.workspace(), classify(failure));
            return;
        }
        UpstreamRefusal refused = refusal.get();
        LOG.debug("socket to workspace {} refused by the upstream: {}, {}B relayed", exchange.workspace(),
                refused.status(), refused.bodyBytes());
        refused.sendTo(request, response, exchange.policy().serverHeader());
        listener.exchangeCompleted(new ExchangeCompleted(exchange.workspace(), exchange.caller().subject(), "GET",
                refused.status(), 0, refused.bodyBytes(), Duration.ofNanos(System.nanoTime() - exchange.startNanos())));
    }

    /** The outcome of dialling: the upstream session, or why there is none. */
    private record Dialled(Session session, Throwable failure) {
    }

    /** The frame relay's upstream URI, or null if the browser's path or query is no {@link URI}. */
    private static URI asUri(Exchange exchange) {
        String query = exchange.rawQuery() == null ? "" : "?" + exchange.rawQuery();
        try {
            return new URI(exchange.upstreamOrigin(true) + exchange.upstreamPath() + query);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private Dialled dial(HttpServletRequest request, Exchange exchange, URI upstream, Relay relay,
            UpstreamRefusal.Capture refusal) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(upstream);
        HeaderList proxyToUpstream = upstreamHeaders(request, exchange);
        for (String name : proxyToUpstream.names()) {
            upgrade.setHeader(name, proxyToUpstream.all(name));
        }
        upgrade.setSubProtocols(subprotocols(request));
        long budget = proxy.connectTimeout().toMillis();
        AtomicReference<Request> handshake = new AtomicReference<>();
        CompletableFuture<Session> connecting;
        try {
            connecting = upstreamClient.get().connect(relay.upstreamSide, upgrade, new JettyUpgradeListener() {
                @Override
                public void onHandshakeRequest(Request handshakeRequest) {
                    // Bounds the whole handshake, not just the TCP connect: an upstream that accepts and never
                    // answers is given up on, and its connection closed, instead of lingering.
                    handshakeRequest.timeout(budget, TimeUnit.MILLISECONDS);
                    handshakeRequest.headers(headers -> HandshakeFields.onlyThese(headers, proxyToUpstream));
                    refusal.watch(handshakeRequest);
                    handshake.set(handshakeRequest);
                }
            });
        } catch (IOException | RuntimeException e) {
            return new Dialled(null, e);
        }
        try {
            return new Dialled(connecting.get(budget + 1000, TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            Request pending = handshake.get();
            if (pending != null) {
                pending.abort(e);
            }
            connecting.cancel(true);
            return new Dialled(null, e);
        } catch (ExecutionException e) {
            return new Dialled(null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.cancel(true);
            return new Dialled(null, e);
        }
    }

    /** The handshake headers for the upstream, by the header rules (without the WebSocket handshake's own). */
    private HeaderList upstreamHeaders(HttpServletRequest request, Exchange exchange) {
        HeaderList clientToProxy = new HeaderList();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                clientToProxy.add(name, values.nextElement());
            }
        }
        return RequestHeaderRewriter.rewrite(clientToProxy, exchange.requestContext(
                request.getRemoteAddr(), proxy.cookie().name(), true));
    }

    // Jetty wraps every dial failure in an UpgradeException; only a real answer other than 101 is a rejected
    // handshake, so the transport causes (timeout, refused) are looked for first.
    private static UpstreamFailure.Kind classify(Throwable failure) {
        UpstreamFailure.Kind transport = UpstreamFailures.classify(failure);
        if (transport != UpstreamFailure.Kind.CONNECTION_RESET) {
            return transport == UpstreamFailure.Kind.RESPONSE_TIMEOUT ? UpstreamFailure.Kind.CONNECT_TIMEOUT : transport;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UpgradeException || t instanceof ByteTunnel.Refused) {
                return UpstreamFailure.Kind.HANDSHAKE_REJECTED;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return transport;
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace,
            UpstreamFailure.Kind kind) throws IOException {
        Failure failure = UpstreamFailures.answer(kind);
        LOG.debug("socket to workspace {} not opened: upstream {}", workspace, kind);
        listener.upstreamFailed(new UpstreamFailure(workspace, kind, failure));
        ErrorResponses.send(request, response, failure);
    }

    private List<String> upstreamSetCookies(Session upstream, Exchange exchange) {
        return rewrittenSetCookies(upstream.getUpgradeResponse().getHeaders("Set-Cookie"), exchange);
    }

    private List<String> rewrittenSetCookies(List<String> values, Exchange exchange) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        ResponseContext context = exchange.responseContext(proxy.cookie().name());
        List<String> rewritten = new ArrayList<>(values.size());
        for (String value : values) {
            String cookie = ResponseHeaderRewriter.rewrite("Set-Cookie", value, context);
            if (cookie != null) {
                rewritten.add(cookie);
            }
        }
        return rewritten;
    }

    private boolean upgrade(ServerContainer container, HttpServletRequest request, HttpServletResponse response,
            jakarta.websocket.Endpoint endpoint, String subprotocol, List<String> setCookies) throws IOException {
        try {
            container.upgradeHttpToWebSocket(request, response,
                    BoundEndpointConfig.of("/", endpoint, subprotocol, setCookies), Map.of());
        } catch (Exception e) {
            LOG.debug("browser upgrade failed: {}", LogSafe.describe(e));
            ErrorResponses.send(request, response, Failure.BAD_REQUEST);
            return false;
        }
        // Tomcat answers a handshake it dislikes itself and returns normally: only 101 means upgraded.
        return response.getStatus() == 101;
    }

    private ServerContainer container(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object container = request.getServletContext().getAttribute(SERVER_CONTAINER);
        if (!(container instanceof ServerContainer)) {
            LOG.warn("no Jakarta WebSocket ServerContainer in this servlet context; answering 500. Install devproxy"
                    + " with JettyDevProxy.install or TomcatDevProxy.install, which initialise it");
            ErrorResponses.send(request, response, Failure.INTERNAL_ERROR);
            return null;
        }
        return (ServerContainer) container;
    }

    private static List<String> subprotocols(HttpServletRequest request) {
        List<String> protocols = new ArrayList<>();
        for (String value : Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))) {
            for (String protocol : value.split(",")) {
                if (!protocol.isBlank()) {
                    protocols.add(protocol.trim());
                }
            }
        }
        return protocols;
    }

    /** Closes every live socket of {@code workspace} with 4410. */
    public int closeWorkspace(WorkspaceId workspace) {
        return sockets.closeWorkspace(workspace, Failure.WORKSPACE_CLOSED);
    }

    /** Closes every live pair whose exchange {@code matches} with {@code code} and {@code reason}; returns how many. */
    public int close(Predicate<Exchange> matches, int code, String reason) {
        return sockets.close(matches, code, reason);
    }

    /** How many relays are open. */
    public int openSockets() {
        return sockets.size();
    }

    /** Drains, closes the rest with 1001, stops the upstream client and the keep-alive pinger. */
    public void close() {
        sockets.shutdown();
        upstreamClient.stop();
    }
}
