package dev.devproxy.internal.ws;

import dev.devproxy.DevProxyListener;
import dev.devproxy.Failure;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.adapter.ContainerAdapter;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.LimitReached;
import dev.devproxy.event.UpstreamFailure;
import dev.devproxy.internal.ErrorResponses;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.LogSafe;
import dev.devproxy.internal.ProxySettings;
import dev.devproxy.internal.Quotas;
import dev.devproxy.internal.UpstreamThreads;
import dev.devproxy.internal.headers.HeaderList;
import dev.devproxy.internal.headers.RequestHeaderRewriter;
import dev.devproxy.internal.headers.ResponseContext;
import dev.devproxy.internal.headers.ResponseHeaderRewriter;
import dev.devproxy.internal.http.ServerHeaders;
import dev.devproxy.internal.http.UpstreamFailures;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.internal.ws.bytes.ByteRelay;
import dev.devproxy.internal.ws.bytes.ByteTunnel;
import dev.devproxy.internal.ws.framerelay.BoundEndpointConfig;
import dev.devproxy.internal.ws.framerelay.FrameRelay;
import dev.devproxy.internal.ws.framerelay.HandshakeFields;
import dev.devproxy.internal.ws.framerelay.Rejecting;
import dev.devproxy.internal.ws.loop.RelayLoop;
import jakarta.servlet.AsyncContext;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
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
    private static final String DIALLED = WebSocketTunnel.class.getName() + ".dialled";

    private final ProxySettings config;
    private final WebSocketSettings settings;
    private final DevProxyListener listener;
    private final UpstreamClient upstreamClient;
    private final LiveSockets sockets;
    private final ByteTunnel byteTunnel;
    private final Quotas quotas;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean warnedWithoutAdapter = new AtomicBoolean();

    /**
     * @param config the proxy's configuration
     * @param listener where socket events go (already guarded against throwing)
     * @param credentialEnded why an exchange's credential no longer holds (expired, revoked), or null if it does
     * @param quotas the counters of the proxy's limits
     */
    public WebSocketTunnel(ProxySettings config, DevProxyListener listener, Function<Exchange, String> credentialEnded,
            Quotas quotas) {
        this.config = config;
        this.settings = config.webSocket();
        this.listener = listener;
        this.quotas = quotas;
        this.upstreamClient = new UpstreamClient(config);
        // The pings and checks take no pool threads of their own (0): they run briefly on the upstream clients'.
        this.sockets = new LiveSockets(settings, credentialEnded::apply, quotas,
                () -> UpstreamThreads.acquire(0, config.upstreamExecutor().orElse(null)));
        this.byteTunnel = new ByteTunnel(upstreamClient, config.connectTimeout(), settings.compression());
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

    /**
     * Dials the exchange's target and, once it answers, upgrades the browser into a relay bound to it. No thread waits
     * for the upstream: the request goes asynchronous while the upstream is dialled, and the container dispatches it
     * again ({@code ASYNC}) once the dial ended, to {@link #resume}, which answers the browser. A pair over one of the
     * proxy's limits is refused at once (429, {@code Retry-After}).
     */
    public void relay(HttpServletRequest request, HttpServletResponse response, Exchange exchange) throws IOException {
        boolean bytes = relaysBytes(request);
        URI upstream = bytes ? null : asUri(exchange);
        if (!bytes && upstream == null) {
            // The container's Jakarta WebSocket server parses the request URI as a java.net.URI and fails on what a
            // browser may leave unencoded in a query (a % that starts no escape): refused before anything is dialled.
            LOG.debug("socket to workspace {} refused: its request URI is no java.net.URI", exchange.workspace());
            ErrorResponses.send(request, response, Failure.BAD_REQUEST);
            return;
        }
        if (!bytes && container(request, response) == null) {
            return;
        }
        LivePair pair = bytes ? newByteRelay(exchange) : new FrameRelay(ids.incrementAndGet(), exchange,
                settings.maxMessageSize(), settings.idleTimeout(), settings.inactivityTimeout(), listener, sockets::remove);
        // Known to the live sockets before dialling: a shutdown (or revocation) while the pair is being set up
        // closes it with its own code, each side as it opens, rather than racing the upstream client's stop.
        LiveSockets.Added added = pair == null ? LiveSockets.Added.SHUTTING_DOWN : sockets.add(pair);
        if (added != LiveSockets.Added.YES) {
            refuseAdmission(request, response, exchange, added == LiveSockets.Added.SHUTTING_DOWN ? null
                    : sockets.refusedLimit(exchange));
            return;
        }
        Quotas.Claim dial = quotas.tryClaim(quotas.dial(exchange.workspace()));
        if (dial == null) {
            forget(pair, false);
            refuseAdmission(request, response, exchange, LimitReached.Limit.DIALS_PER_WORKSPACE);
            return;
        }
        AsyncContext async = request.startAsync();
        // The dial's own timeout ends every dial; the container's would answer with its error page first.
        async.setTimeout(0);
        UpstreamRefusal.Capture refusal = new UpstreamRefusal.Capture();
        CompletableFuture<?> dialling = pair instanceof ByteRelay relay
                ? byteTunnel.dial(request, exchange, upstreamHeaders(request, exchange), relay, refusal)
                : dialFrames(request, exchange, upstream, (FrameRelay) pair, refusal);
        dialling.whenComplete((answer, failure) -> {
            quotas.release(dial);
            request.setAttribute(DIALLED, new Dialled(exchange, pair, answer, failure, refusal));
            try {
                async.dispatch();
            } catch (IllegalStateException gone) {
                // The container ended the request meanwhile (the browser left): nobody to answer, nothing to relay.
                request.removeAttribute(DIALLED);
                forget(pair, failure == null);
            }
        });
    }

    /** Whether this {@code ASYNC} dispatch is the one that finishes an upgrade whose dial ended. */
    public boolean resumes(HttpServletRequest request) {
        return request.getAttribute(DIALLED) != null;
    }

    /** Answers the browser once its upgrade's dial ended: the 101 and the relay, or the refusal or failure. */
    public void resume(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Dialled dialled = (Dialled) request.getAttribute(DIALLED);
        request.removeAttribute(DIALLED);
        Exchange exchange = dialled.exchange();
        if (dialled.failure() != null) {
            forget(dialled.pair(), false);
            refuseOrFail(request, response, exchange, dialled.refusal(), unwrap(dialled.failure()));
            return;
        }
        if (dialled.pair() instanceof ByteRelay relay) {
            ByteTunnel.Answer answer = (ByteTunnel.Answer) dialled.answer();
            List<String> setCookies = rewrittenSetCookies(answer.setCookies(), exchange);
            ServerHeaders.apply(request, response, answer.server(), exchange.policy().serverHeader());
            if (!byteTunnel.upgradeBrowser(request, response, answer, setCookies, relay)) {
                relay.abandon();
                LOG.debug("browser upgrade failed for workspace {}", exchange.workspace());
                ErrorResponses.send(request, response, Failure.INTERNAL_ERROR);
            }
            return;
        }
        FrameRelay relay = (FrameRelay) dialled.pair();
        Session session = (Session) dialled.answer();
        ServerContainer container = container(request, response);
        if (container == null) {
            relay.closeBoth(1001, "browser upgrade failed");
            return;
        }
        String subprotocol = session.getUpgradeResponse().getAcceptedSubProtocol();
        relay.negotiated(subprotocol == null ? "" : subprotocol);
        List<String> setCookies = upstreamSetCookies(session, exchange);
        ServerHeaders.apply(request, response, session.getUpgradeResponse().getHeader("Server"),
                exchange.policy().serverHeader());
        if (!upgrade(container, request, response, relay.browserSide, relay.subprotocol(), setCookies)) {
            relay.closeBoth(1001, "browser upgrade failed");
        }
    }

    // Bytes wherever a container adapter can take the browser's socket over (ContainerAdapter, published by
    // devproxy's Jetty and Tomcat adapters when they install); frames elsewhere, through the container's Jakarta
    // WebSocket server. (Jetty 12.1's Servlet upgrade reports the upgraded input as ended at once: benchmarks'
    // JettyServletUpgradeTest pins that, so the Servlet API's own protocol upgrade is no way to relay bytes.)
    private boolean relaysBytes(HttpServletRequest request) {
        if (settings.relaying() == WebSocketSettings.Relaying.FRAMES) {
            return false;
        }
        ContainerAdapter adapter = ContainerAdapter.of(request.getServletContext());
        if (adapter != null && adapter.takesSocketsOver()) {
            return true;
        }
        if (settings.relaying() == WebSocketSettings.Relaying.BYTES && !warnedWithoutAdapter.getAndSet(true)) {
            LOG.warn("WebSocketSettings.Relaying.BYTES needs a devproxy container adapter (devproxy-jetty,"
                    + " devproxy-tomcat) that can take sockets over, and this context has none: WebSockets are"
                    + " relayed as frames");
        }
        return false;
    }

    /** A byte relay for {@code exchange}, or null once the proxy is closed. */
    private ByteRelay newByteRelay(Exchange exchange) {
        Executor writer = byteTunnel.writerOrNull();
        RelayLoop loop = byteTunnel.loopOrNull();
        return writer == null || loop == null ? null : new ByteRelay(ids.incrementAndGet(), exchange,
                settings.maxMessageSize(), settings.idleTimeout(), settings.inactivityTimeout(), listener, sockets::remove,
                writer, loop);
    }

    /**
     * Gives up a pair whose browser will not be upgraded, and releases what it holds; {@code upstreamOpen} when its
     * upstream did answer (that socket is closed).
     */
    private void forget(LivePair pair, boolean upstreamOpen) {
        if (pair instanceof FrameRelay relay) {
            relay.abandon(); // closes a late upstream session too
        } else if (upstreamOpen) {
            ((ByteRelay) pair).abandon();
        }
        sockets.remove(pair);
    }

    /** Refuses an upgrade the proxy will not take: 503 while shutting down, 429 at a limit. */
    private void refuseAdmission(HttpServletRequest request, HttpServletResponse response, Exchange exchange,
            LimitReached.Limit limit) throws IOException {
        if (limit == null) {
            ErrorResponses.send(request, response, Failure.SHUTTING_DOWN);
            return;
        }
        LOG.debug("socket to workspace {} refused: {} reached", exchange.workspace(), limit);
        listener.limitReached(new LimitReached(limit, exchange.workspace(), exchange.caller().subject()));
        if (acceptsThenCloses(request)) {
            acceptThenClose(request, response, Failure.TOO_MANY_REQUESTS); // close 1013, "try again later"
        } else {
            ErrorResponses.sendRetryLater(request, response, Failure.TOO_MANY_REQUESTS, quotas.retryAfter());
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The outcome of a dial, waiting in a request attribute for the dispatch that answers the browser. */
    private record Dialled(Exchange exchange, LivePair pair, Object answer, Throwable failure,
            UpstreamRefusal.Capture refusal) {
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


    /** The frame relay's upstream URI, or null if the browser's path or query is no {@link URI}. */
    private static URI asUri(Exchange exchange) {
        String query = exchange.rawQuery() == null ? "" : "?" + exchange.rawQuery();
        try {
            return new URI(exchange.upstreamOrigin(true) + exchange.upstreamPath() + query);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Dials the frame relay's upstream without waiting; the handshake's own timeout bounds it. */
    private CompletableFuture<Session> dialFrames(HttpServletRequest request, Exchange exchange, URI upstream,
            FrameRelay relay, UpstreamRefusal.Capture refusal) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(upstream);
        HeaderList proxyToUpstream = upstreamHeaders(request, exchange);
        for (String name : proxyToUpstream.names()) {
            upgrade.setHeader(name, proxyToUpstream.all(name));
        }
        upgrade.setSubProtocols(subprotocols(request));
        long budget = config.connectTimeout().toMillis();
        try {
            return upstreamClient.get().connect(relay.upstreamSide, upgrade, new JettyUpgradeListener() {
                @Override
                public void onHandshakeRequest(Request handshakeRequest) {
                    // Bounds the whole handshake, not just the TCP connect: an upstream that accepts and never
                    // answers is given up on, and its connection closed, instead of lingering.
                    handshakeRequest.timeout(budget, TimeUnit.MILLISECONDS);
                    handshakeRequest.headers(headers -> HandshakeFields.onlyThese(headers, proxyToUpstream));
                    refusal.watch(handshakeRequest);
                }
            });
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The handshake headers for the upstream, by the header rules (without the WebSocket handshake's own). */
    private HeaderList upstreamHeaders(HttpServletRequest request, Exchange exchange) {
        HeaderList browserToProxy = new HeaderList();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                browserToProxy.add(name, values.nextElement());
            }
        }
        return RequestHeaderRewriter.rewrite(browserToProxy, exchange.requestContext(
                request.getRemoteAddr(), config.cookie().name(), true));
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
        ResponseContext context = exchange.responseContext(config.cookie().name());
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
