package dev.devproxy.internal.http;

import dev.devproxy.Failure;
import dev.devproxy.adapter.ContainerAdapter;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.UpstreamFailure;
import dev.devproxy.internal.ErrorResponses;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.LogSafe;
import dev.devproxy.internal.UpstreamThreads;
import dev.devproxy.internal.headers.HeaderList;
import dev.devproxy.internal.headers.RequestHeaderRewriter;
import dev.devproxy.internal.headers.ResponseContext;
import dev.devproxy.internal.headers.ResponseHeaderRewriter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. The HTTP half of the tunnel, on Jetty's {@link ProxyServlet} and {@link HttpClient}.
 * It proxies an already-admitted {@link Exchange} (found in a request attribute): target fixed, headers
 * rewritten by the header rules, bodies streamed both ways, failures answered through
 * {@link ErrorResponses}.
 *
 * <p>It overrides the base class's debug logging, which would dump {@code Cookie} and
 * {@code Authorization} headers.
 */
public final class HttpTunnel extends AsyncProxyServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.http");
    private static final String TRACKER = HttpTunnel.class.getName() + ".tracker";

    /**
     * The largest upstream response head relayed: what Jetty ({@code HttpConfiguration.responseHeaderSize}) and Tomcat
     * ({@code maxHttpResponseHeaderSize}) write by default.
     */
    static final int MAX_RESPONSE_HEAD_BYTES = 8 * 1024;

    /** Connections to one upstream at most: far above the per-workspace exchange limit's default. */
    private static final int MAX_CONNECTIONS_PER_UPSTREAM = 1024;

    /**
     * Upstream bodies are read 64 KiB at a time (Jetty's default is 16 KiB): each chunk is copied and flushed to the
     * browser on its own, so a 10 MiB download costs a quarter of the writes. nginx's proxy_buffer_size in the
     * benchmark is 64 KiB too (issue 8).
     */
    private static final int RESPONSE_BUFFER_BYTES = 64 * 1024;

    /** The methods a 405 names: what browsers and apps use; the tunnel forwards any other but TRACE too. */
    private static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    /** What the tunnel reports to; implemented by the engine. */
    public interface Reporter {
        /** An exchange completed. */
        void completed(ExchangeCompleted event);

        /** An upstream failed. */
        void failed(UpstreamFailure event);
    }

    private final transient Reporter reporter;
    private final transient UpstreamThreads threads;
    private final String cookieName;
    private final long idleTimeoutMillis;
    private final long connectTimeoutMillis;
    private final long keepAliveMillis;

    /**
     * @param reporter receives completion and failure events
     * @param cookieName devproxy's session cookie name, never forwarded
     * @param connectTimeout how long dialling may take
     * @param idleTimeout how long the upstream may stay silent
     * @param keepAlive how long an idle connection to an upstream is kept for the next request
     * @param threads what the client runs on; the caller releases them after {@link #destroy}
     */
    public HttpTunnel(Reporter reporter, String cookieName, Duration connectTimeout, Duration idleTimeout,
            Duration keepAlive, UpstreamThreads threads) {
        this.reporter = reporter;
        this.cookieName = cookieName;
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.keepAliveMillis = keepAlive.toMillis();
        this.threads = threads;
    }

    /**
     * The init parameters that configure a plain {@code ProxyServlet}'s client as this tunnel configures its own
     * ({@link #createHttpClient}): the benchmark's floor uses them, so that both are measured alike.
     */
    public static Map<String, String> initParameters(int maxThreads, Duration keepAlive) {
        return Map.of(
                "maxThreads", Integer.toString(maxThreads),
                "idleTimeout", Long.toString(keepAlive.toMillis()),
                "timeout", "0",
                "maxConnections", Integer.toString(MAX_CONNECTIONS_PER_UPSTREAM),
                "responseBufferSize", Integer.toString(RESPONSE_BUFFER_BYTES));
    }

    /**
     * The client the base class proxies with, configured as its init parameters would, but running on devproxy's
     * upstream threads (shared by every proxy of the JVM, or the application's executor) instead of a pool of its own.
     */
    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = newHttpClient();
        client.setExecutor(threads.executor());
        client.setScheduler(threads.scheduler());
        // Redirects are relayed, not followed; cookies are the browser's, never kept here.
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_UPSTREAM);
        // Jetty's client applies a request's own idle timeout while the exchange runs and restores the client's when
        // the connection returns to the pool, so the client's idle timeout is how long a pooled connection lives.
        client.setIdleTimeout(keepAliveMillis);
        client.setResponseBufferSize(RESPONSE_BUFFER_BYTES);
        // A total timeout would cut long downloads; the per-request idle timeout bounds silence instead.
        setTimeout(0);
        try {
            client.start();
        } catch (Exception e) {
            throw new ServletException("cannot start the upstream HTTP client", e);
        }
        // Bodies are relayed as the upstream encoded them, and every response (a 401, a redirect, a 100) goes to the
        // browser: no decoder, no protocol handler. The tunnel never forwards Expect: 100-continue (see below).
        client.getContentDecoderFactories().clear();
        client.getProtocolHandlers().clear();
        return client;
    }

    // The base class's own debug lines print full URLs with query strings and every header (an app's
    // tokens, cookies, Authorization): they are discarded. devproxy logs its own line per exchange.
    @Override
    protected Logger createLogger() {
        return org.slf4j.helpers.NOPLogger.NOP_LOGGER;
    }

    @Override
    protected HttpClient newHttpClient() {
        HttpClient client = super.newHttpClient();
        client.setConnectTimeout(connectTimeoutMillis);
        // An upstream head larger than the container would write is refused by the client's parser (502) rather than
        // copied to a response the container then fails to send (Jetty answered 500, Tomcat cut the connection).
        client.setMaxResponseHeadersSize(MAX_RESPONSE_HEAD_BYTES);
        // A body the browser sent without Content-Type goes upstream without one too (see proxyRequestContent).
        client.setDefaultRequestContentType(null);
        return client;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if ("TRACE".equals(request.getMethod())) {
            // TRACE echoes the request, cookies and Authorization included, to whoever reads the response (cross-site
            // tracing); a proxy may refuse it (RFC 9110 §9.3.8). Tomcat's connector refuses it itself by default.
            LOG.debug("TRACE {}{} refused", exchange(request).workspace(), exchange(request).rest());
            ErrorResponses.send(request, response, Failure.METHOD_NOT_ALLOWED, ALLOWED_METHODS);
            return;
        }
        super.service(request, response);
    }

    // Only the origin goes through the base class (and URI.create); newProxyRequest sets the target as raw text.
    @Override
    protected String rewriteTarget(HttpServletRequest clientRequest) {
        return exchange(clientRequest).upstreamOrigin(false).toString();
    }

    @Override
    protected Request newProxyRequest(HttpServletRequest request, String rewrittenTarget) {
        Exchange exchange = exchange(request);
        // What the base class does, with the browser's path and query sent as they came (RawTargetRequest).
        return new RawTargetRequest(getHttpClient(), exchange.upstreamOrigin(false), exchange.upstreamPath(),
                exchange.rawQuery())
                .method(request.getMethod())
                .attribute(CLIENT_REQUEST_ATTRIBUTE, request)
                .idleTimeout(idleTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    // The proxy answers Expect: 100-continue itself (the header rules do not forward it): the body is read, and so the
    // container's 100 sent, at once, instead of after an upstream 100 that may never come.
    @Override
    protected boolean expects100Continue(HttpServletRequest request) {
        return false;
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        HeaderList clientToProxy = new HeaderList();
        for (Enumeration<String> names = clientRequest.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = clientRequest.getHeaders(name); values.hasMoreElements(); ) {
                clientToProxy.add(name, values.nextElement());
            }
        }
        Exchange exchange = exchange(clientRequest);
        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(clientToProxy, exchange.requestContext(
                clientRequest.getRemoteAddr(), cookieName, false));
        proxyRequest.headers(headers -> {
            headers.clear();
            proxyToUpstream.entries().forEach(e -> headers.add(e.getKey(), e.getValue()));
        });
    }

    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        // Forwarding headers are set by the header rules in copyRequestHeaders; no Via, no Forwarded.
    }

    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Request proxyRequest) {
        Tracker tracker = tracker(clientRequest);
        ProxyToBrowser writer = new ProxyToBrowser(proxyResponse, proxyRequest, () -> tracker.clientGone = true);
        ContainerAdapter adapter = ContainerAdapter.of(clientRequest.getServletContext());
        tracker.adapter = adapter;
        if (adapter != null && adapter.writerInOwnDispatch()) {
            // Here, in the request's own dispatch on the container's thread, before the upstream is asked.
            try {
                proxyResponse.getOutputStream().setWriteListener(writer);
                writer.listening();
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot set the response writer now, so with the first chunk: {}", e.toString());
            }
        }
        tracker.writer = writer;
        proxyRequest.send(new TrackedResponseListener(clientRequest, proxyResponse, tracker));
    }

    // The browser's body is read as it arrives (Servlet non-blocking I/O) and offered upstream as the upstream takes it:
    // no thread waits on a body that trickles in (issue 25: 100 such bodies held 61 of the 64 upstream pool threads
    // and stalled every other workspace's requests).
    @Override
    protected Request.Content proxyRequestContent(HttpServletRequest request, HttpServletResponse response,
            Request proxyRequest) throws IOException {
        // The browser's Content-Type, if any, is among the copied headers; without one, none is made up.
        AsyncRequestContent content = new AsyncRequestContent((String) null);
        request.getInputStream().setReadListener(newReadListener(request, response, proxyRequest, content));
        return content;
    }

    @Override
    protected ReadListener newReadListener(HttpServletRequest request, HttpServletResponse response,
            Request proxyRequest, AsyncRequestContent content) {
        AtomicLong counter = tracker(request).requestBytes;
        return new StreamReader(request, response, proxyRequest, content) {
            @Override
            protected void onRequestContent(HttpServletRequest clientRequest, Request upstreamRequest,
                    AsyncRequestContent upstreamContent, byte[] buffer, int offset, int length, Callback callback) {
                counter.addAndGet(length);
                super.onRequestContent(clientRequest, upstreamRequest, upstreamContent, buffer, offset, length, callback);
            }
        };
    }

    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse) {
        Exchange exchange = exchange(clientRequest);
        tracker(clientRequest).status = serverResponse.getStatus();
        ResponseContext context = null; // built for the first header that a rule rewrites: most responses have none
        Set<String> connectionNamed = connectionNamed(serverResponse);
        String upstreamServer = null;
        for (HttpField field : serverResponse.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            // RFC 9110 §7.6.1: hop-by-hop headers and those the upstream named in Connection end here.
            if (HOP_HEADERS.contains(lower) || connectionNamed.contains(lower)) {
                continue;
            }
            if (lower.equals("server")) {
                upstreamServer = upstreamServer == null ? field.getValue() : upstreamServer;
                continue;
            }
            if (lower.equals("date")) {
                // One Date, the upstream's (RFC 9110 §6.6.1): setHeader replaces the one Jetty adds to every response.
                proxyResponse.setHeader("Date", field.getValue());
                continue;
            }
            if (lower.equals("service-worker-allowed") && stripsServiceWorkerScope(exchange)) {
                continue;
            }
            String value = field.getValue();
            if (ResponseHeaderRewriter.rewrites(field.getName())) {
                context = context == null ? exchange.responseContext(cookieName) : context;
                value = ResponseHeaderRewriter.rewrite(field.getName(), value, context);
            }
            if (value != null) {
                proxyResponse.addHeader(field.getName(), value);
            }
        }
        ServerHeaders.apply(clientRequest, proxyResponse, upstreamServer, exchange.policy().serverHeader());
    }

    // Each upstream chunk is written, then flushed, without blocking (Servlet non-blocking I/O): the next chunk is asked
    // of the upstream only once the browser took this one, so a browser that stops reading holds no thread, and
    // streamed responses (event streams, long polls, progress output) reach the browser as they arrive.
    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response proxyResponse,
            byte[] buffer, int offset, int length, Callback callback) {
        Tracker tracker = tracker(request);
        tracker.responseBytes.addAndGet(length);
        try {
            tracker.widenWrites(request, length);
            ProxyToBrowser writer = tracker.writer;
            writer.offer(buffer, offset, length, callback);
            if (writer.isListening()) {
                writer.resume();
            } else {
                // The chunk before the listener: setting it makes the container call onWritePossible, which writes it.
                response.getOutputStream().setWriteListener(writer);
                writer.listening();
            }
        } catch (Throwable x) {
            // The browser is gone. From here on the container may end the exchange by itself and recycle the
            // request (Tomcat does, at once): TrackedResponseListener no longer touches it.
            tracker.clientGone = true;
            callback.failed(x);
            proxyResponse.abort(x);
        }
    }

    @Override
    protected void onProxyResponseSuccess(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse) {
        Tracker tracker = tracker(clientRequest);
        tracker.narrowWrites();
        report(tracker, proxyResponse.getStatus(), null);
        super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse, Throwable failure) {
        Exchange exchange = exchange(clientRequest);
        UpstreamFailure.Kind kind = UpstreamFailures.classify(failure);
        Failure answer = UpstreamFailures.answer(kind);
        Tracker tracker = tracker(clientRequest);
        if (tracker.writer == null || tracker.writer.idle()) {
            tracker.narrowWrites(); // else a container thread may be writing a chunk this very moment
        }
        reporter.failed(new UpstreamFailure(exchange.workspace(), kind, answer));
        LOG.debug("{} {}{} upstream failed: {} ({})", clientRequest.getMethod(), exchange.workspace(),
                exchange.rest(), kind, LogSafe.describe(failure));
        boolean answered = false; // a failed write answered too, to a browser no longer there
        try {
            // In blocking mode: either no writer is set yet, or (Tomcat) the reset before the page dropped it.
            answered = ErrorResponses.send(clientRequest, proxyResponse, answer);
        } catch (IOException | IllegalStateException browserGone) {
            // The browser reset its connection while the upstream kept it waiting; neither container tells until a
            // write fails. Tomcat then ends the exchange itself and recycles request and response at once, on its
            // own thread, after which every method of theirs throws IllegalStateException (which Jetty's client
            // logged at INFO, with its stack trace, and the exchange went unreported). Nothing is asked of the
            // response again; complete() is tried, for a container that has not ended the exchange itself.
            tracker.clientGone = true;
            answered = true;
            LOG.debug("could not write the error response: {}", browserGone.toString());
        } catch (RuntimeException e) {
            LOG.debug("could not write the error response: {}", e.toString());
        }
        report(tracker, answered ? answer.httpStatus() : proxyResponse.getStatus(), kind);
        if (!answered && Aborts.abort(clientRequest, proxyResponse)) {
            return; // dispatched: the container ends the exchange, and owns the request from here on
        }
        complete(clientRequest);
    }

    /**
     * Completes the exchange unless the container has ended it already. After a failed write Tomcat ends it on its own
     * thread and recycles the request at once, after which every method of the request's facade throws: an
     * {@link IllegalStateException} on current Tomcat, a {@link NullPointerException} on Tomcat 10.1.0 (its facade
     * does not check for the recycled request). Both mean the same here.
     */
    private static void complete(HttpServletRequest clientRequest) {
        try {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        } catch (IllegalStateException | NullPointerException ended) {
            LOG.debug("exchange already ended by the container: {}", ended.toString());
        }
    }

    @Override
    protected void onClientRequestFailure(HttpServletRequest clientRequest, Request proxyRequest,
            HttpServletResponse proxyResponse, Throwable failure) {
        LOG.debug("client request failed: {}", LogSafe.describe(failure));
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    private void report(Tracker tracker, int status, UpstreamFailure.Kind failure) {
        Exchange exchange = tracker.exchange;
        long requestBytes = tracker.requestBytes.get();
        long responseBytes = tracker.responseBytes.get();
        Duration duration = Duration.ofNanos(System.nanoTime() - exchange.startNanos());
        // One line per exchange at DEBUG: no query string, no headers (they may carry the app's secrets).
        LOG.debug("{} /{}{} -> {} {}B in {}B out {}ms{}", tracker.method, exchange.workspace(), exchange.rest(), status,
                requestBytes, responseBytes, duration.toMillis(), tracker.clientGone ? " (browser went away)" : "");
        reporter.completed(new ExchangeCompleted(exchange.workspace(), exchange.caller().subject(), tracker.method,
                status, requestBytes, responseBytes, duration, failure));
    }

    private static Tracker tracker(HttpServletRequest request) {
        Tracker tracker = (Tracker) request.getAttribute(TRACKER);
        if (tracker == null) {
            tracker = new Tracker(exchange(request), request.getMethod());
            request.setAttribute(TRACKER, tracker);
        }
        return tracker;
    }

    /**
     * What one exchange reports, kept apart from the request: once the browser is gone, the container may
     * recycle the request while the upstream response is still completing on a client thread.
     */
    private static final class Tracker {
        final Exchange exchange;
        final String method;
        final AtomicLong requestBytes = new AtomicLong();
        final AtomicLong responseBytes = new AtomicLong();
        volatile int status = 200;
        volatile boolean clientGone;
        ProxyToBrowser writer;
        /** What widened the connection's writes for this response (see {@link ContainerAdapter#widenWrites}). */
        private volatile Runnable narrow;
        /** The container's adapter, looked up once per exchange (null where there is none). */
        ContainerAdapter adapter;

        Tracker(Exchange exchange, String method) {
            this.exchange = exchange;
            this.method = method;
        }

        /** Called before a chunk of {@code bytes} is written, with nothing else of the response left to write. */
        void widenWrites(HttpServletRequest request, int bytes) {
            if (narrow == null && adapter != null) {
                narrow = adapter.widenWrites(request, bytes);
            }
        }

        /** Once the last chunk is written, before the response completes, while the request is still the tunnel's. */
        void narrowWrites() {
            Runnable undo = narrow;
            narrow = null;
            if (undo != null) {
                undo.run();
            }
        }
    }

    /** The base class's listener, except that it leaves the request alone once the browser is gone. */
    private final class TrackedResponseListener extends ProxyResponseListener {
        private final HttpServletRequest clientRequest;
        private final Tracker tracker;

        TrackedResponseListener(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Tracker tracker) {
            super(clientRequest, proxyResponse);
            this.clientRequest = clientRequest;
            this.tracker = tracker;
        }

        @Override
        public void onBegin(Response serverResponse) {
            if (serverResponse.getStatus() == 101) {
                // A server switches protocols only when the request asks to (RFC 9110 §15.2.2), and the tunnel's HTTP
                // requests never do (Upgrade is hop-by-hop): the connection is not HTTP any more. 502, and it closes.
                serverResponse.abort(new MalformedResponse("101 Switching Protocols to a request without Upgrade"));
                return;
            }
            super.onBegin(serverResponse);
        }

        @Override
        public void onComplete(Result result) {
            if (result.isSucceeded() || !tracker.clientGone) {
                super.onComplete(result);
                return;
            }
            // Not an upstream failure, and nothing to answer: the browser closed the connection.
            report(tracker, tracker.status, null);
            complete(clientRequest); // the container may have seen the failed write and ended the exchange itself
        }
    }

    private static Exchange exchange(HttpServletRequest request) {
        return (Exchange) request.getAttribute(Exchange.ATTRIBUTE);
    }

    private static boolean stripsServiceWorkerScope(Exchange exchange) {
        String path = exchange.rest();
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        return exchange.policy().serviceWorkerStripPaths().stream().anyMatch(bare::endsWith);
    }

    private static Set<String> connectionNamed(Response serverResponse) {
        if (!serverResponse.getHeaders().contains(HttpHeader.CONNECTION)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String value : serverResponse.getHeaders().getValuesList("Connection")) {
            for (String name : value.split(",")) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
