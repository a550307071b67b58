package dev.devproxy.internal.ws;

import dev.devproxy.internal.ProxySettings;
import dev.devproxy.internal.UpstreamThreads;
import dev.devproxy.internal.ws.loop.RelayLoop;
import dev.devproxy.internal.ws.loop.RelayLoops;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. The Jetty {@link WebSocketClient} that dials upstreams, owned by one {@code DevProxy}, and its
 * hold on the byte relay's {@link RelayLoops} and on the {@link UpstreamThreads} it runs on, which all proxies share;
 * all are taken on first use. It keeps no cookies and follows no redirects: the upstream sees only what the header
 * rules forward.
 */
public final class UpstreamClient {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.websocket");
    private static final int MAX_DIALS_PER_UPSTREAM = 4096;

    private final ProxySettings settings;
    private HttpClient httpClient;
    private WebSocketClient client;
    private RelayLoops loops;
    private UpstreamThreads threads;
    private boolean stopped;

    UpstreamClient(ProxySettings settings) {
        this.settings = settings;
    }

    synchronized WebSocketClient get() {
        if (stopped) {
            throw new IllegalStateException("devproxy is closed");
        }
        if (client == null) {
            threads = UpstreamThreads.acquire(settings.upstreamThreads(), settings.upstreamExecutor().orElse(null));
            httpClient = new ForgetfulHttpClient();
            httpClient.setExecutor(threads.executor());
            httpClient.setScheduler(threads.scheduler());
            httpClient.setFollowRedirects(false);
            httpClient.setHttpCookieStore(new HttpCookieStore.Empty());
            httpClient.setConnectTimeout(settings.connectTimeout().toMillis());
            // Every handshake needs a connection of its own (an upgraded one leaves the pool): the proxy's own limit on
            // dials per workspace bounds them, not the client's default of 64 per upstream, which would queue the rest.
            httpClient.setMaxConnectionsPerDestination(MAX_DIALS_PER_UPSTREAM);
            WebSocketClient started = new WebSocketClient(httpClient);
            started.setConnectTimeout(settings.connectTimeout().toMillis());
            started.setIdleTimeout(settings.webSocket().idleTimeout());
            started.setMaxTextMessageSize(settings.webSocket().maxMessageSize());
            started.setMaxBinaryMessageSize(settings.webSocket().maxMessageSize());
            started.setStopAtShutdown(false);
            // The handshakes carry no User-Agent of Jetty's (the browser's is forwarded), and no Accept-Encoding the
            // browser did not send; a refusal's body is relayed as the upstream encoded it, never decoded here.
            httpClient.setUserAgentField(null);
            try {
                started.start();
            } catch (Exception e) {
                threads.release();
                throw new IllegalStateException("cannot start the upstream WebSocket client", e);
            }
            httpClient.getContentDecoderFactories().clear();
            // A connection the pool opened and no handshake took (it opens a spare one now and then under many
            // concurrent dials, and one for a dial that timed out while connecting) is closed after the connect
            // timeout, not kept: the WebSocket client's start set the idle timeout of every connection to the
            // sockets' own (10 minutes). Upgraded connections keep their own: the relay's, or the frame session's.
            httpClient.setIdleTimeout(settings.connectTimeout().toMillis());
            httpClient.getContainedBeans(ClientConnector.class).forEach(connector ->
                    connector.setIdleTimeout(settings.connectTimeout()));
            client = started;
            loops = RelayLoops.acquire();
        }
        return client;
    }

    /** The started HTTP client under the WebSocket client: the byte relay's handshakes and pool. */
    public synchronized HttpClient http() {
        get();
        return httpClient;
    }

    /** The relay loop for the next byte-relayed pair, or null once stopped. */
    public synchronized RelayLoop loopOrNull() {
        if (stopped) {
            return null;
        }
        get();
        return loops.next();
    }

    /** The HTTP client, or null once stopped (instead of throwing). */
    public synchronized HttpClient httpIfOpen() {
        return stopped ? null : http();
    }

    synchronized void stop() {
        stopped = true;
        if (client == null) {
            return;
        }
        try {
            client.stop();
            httpClient.stop();
        } catch (Exception e) {
            LOG.debug("stopping the upstream WebSocket client failed: {}", e.toString());
        }
        RelayLoops.release(loops);
        threads.release();
        loops = null;
        threads = null;
        client = null;
    }

    /**
     * Jetty's HTTP client, but the pool's promise of a connection is let go once it is kept. Over TLS the connection's
     * context, which holds that promise, stays referenced for the life of the socket (by a handshake listener of its
     * {@code SslConnection}, which an upgrade keeps), and the completed promise holds the HTTP connection it made:
     * each open {@code wss://} pair would keep its handshake's connection, with its parser, request and response.
     */
    private static final class ForgetfulHttpClient extends HttpClient {
        @Override
        public void newConnection(Destination destination, Promise<Connection> promise) {
            super.newConnection(destination, new ForgetfulPromise(promise));
        }
    }

    /** Completes a promise once, then forgets it. */
    private static final class ForgetfulPromise implements Promise<Connection> {
        private final AtomicReference<Promise<Connection>> pending;

        ForgetfulPromise(Promise<Connection> promise) {
            this.pending = new AtomicReference<>(promise);
        }

        @Override
        public void succeeded(Connection connection) {
            Promise<Connection> promise = pending.getAndSet(null);
            if (promise != null) {
                promise.succeeded(connection);
            }
        }

        @Override
        public void failed(Throwable failure) {
            Promise<Connection> promise = pending.getAndSet(null);
            if (promise != null) {
                promise.failed(failure);
            }
        }
    }
}
