package dev.devproxy.benchmarks;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Limits;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.http.HttpTunnel;
import dev.devproxy.jetty.JettyDevProxy;
import dev.devproxy.token.JwtTokens;
import dev.devproxy.tomcat.TomcatDevProxy;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.server.ServerContainer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsFilter;
import org.apache.tomcat.websocket.server.WsSci;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee10.websocket.servlet.WebSocketUpgradeFilter;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * devproxy as an integrator would host it, on Jetty 12 (ee10) or embedded Tomcat 11, with workspace
 * {@value #WORKSPACE} resolved to the benchmark upstream in strip mode. Default container settings, except
 * that Tomcat may hold more than its default 8 192 connections (the idle-connection test needs ~18 000), and
 * Tomcat's buffer sizes when {@value #TOMCAT_SOCKET_BUFFER} or {@value #TOMCAT_MESSAGE_BUFFER} are set.
 */
public final class ProxyHost {
    /** The one workspace of the benchmark. */
    public static final String WORKSPACE = "bench";

    /** The browser-facing path of the workspace, which every proxy maps to the upstream's root. */
    public static final String PREFIX = "/__ide/" + WORKSPACE;

    /**
     * System property: bytes of Tomcat's per-connection socket read and write buffers (the connector's
     * {@code socket.appReadBufSize}/{@code appWriteBufSize}, 8 192 by default). For the memory experiments
     * of docs/benchmarks.md; unset, Tomcat keeps its defaults.
     */
    static final String TOMCAT_SOCKET_BUFFER = "bench.tomcat.socketBuffer";
    /**
     * System property: size of each Tomcat WebSocket session's text and binary message buffers (the context
     * parameters {@code org.apache.tomcat.websocket.textBufferSize}/{@code binaryBufferSize}, 8 192 by default).
     */
    static final String TOMCAT_MESSAGE_BUFFER = "bench.tomcat.messageBuffer";

    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private ProxyHost() {
    }

    /** The servlet container a proxy runs in. */
    public enum Container {
        /** Jetty 12.1, ee10, through {@code JettyDevProxy.install}: WebSockets relayed as bytes (the default). */
        JETTY,
        /** As {@link #JETTY}, with {@code WebSocketSettings.Relaying.FRAMES}: the frame relay, for comparison. */
        JETTY_FRAMES,
        /** Embedded Tomcat 11, through {@code TomcatDevProxy.install}: WebSockets relayed as bytes (the default). */
        TOMCAT,
        /** As {@link #TOMCAT}, with {@code WebSocketSettings.Relaying.FRAMES}: the frame relay, for comparison. */
        TOMCAT_FRAMES,
        /**
         * As {@link #TOMCAT}, with the browser's socket read and written through Tomcat's connector after the upgrade
         * ({@code TomcatDevProxy.WebSocketIo.TOMCAT}) instead of handed over to devproxy's selector, as before
         * 2026-12-04: for comparison.
         */
        TOMCAT_TOMCAT_IO,
        /**
         * No devproxy: Jetty's own {@code ProxyServlet.Transparent} on Jetty 12.1 with the client settings
         * devproxy's HTTP tunnel uses, mapping the same prefix. HTTP only. The floor under devproxy's HTTP figures:
         * what the servlet container and Jetty's proxy cost before devproxy does anything.
         */
        JETTY_PROXYSERVLET,
        /**
         * As {@link #JETTY_PROXYSERVLET}, with Jetty's {@code AsyncProxyServlet.Transparent}: bodies read and written
         * with the Servlet API's non-blocking I/O, as devproxy's HTTP tunnel (an {@code AsyncProxyServlet}) has since
         * issue 25. HTTP only. The floor for that design: what reading and writing through listeners costs in Jetty
         * itself.
         */
        JETTY_ASYNC_PROXYSERVLET,
        /**
         * As {@link #JETTY_PROXYSERVLET}, hosted in embedded Tomcat 11 (Jetty's proxy servlets are plain servlets,
         * as devproxy's HTTP tunnel is one): the floor under devproxy on Tomcat's HTTP figures, in the same
         * container. HTTP only.
         */
        TOMCAT_PROXYSERVLET,
        /** As {@link #JETTY_ASYNC_PROXYSERVLET}, hosted in embedded Tomcat 11. HTTP only. */
        TOMCAT_ASYNC_PROXYSERVLET,
        /**
         * No devproxy and no servlet container: Jetty's own reverse proxy below the Servlet API
         * ({@code org.eclipse.jetty.proxy.ProxyHandler.Reverse}, a core {@code Handler}) on Jetty 12.1, with the
         * same client settings, stripping the same prefix. HTTP only. How much of {@link #JETTY_PROXYSERVLET}'s
         * cost is the servlet layer: the floor for an HTTP path of devproxy's own on Jetty's server and client.
         */
        JETTY_CORE_PROXY,
        /**
         * No devproxy: {@link ByteRelayServlet}, a prototype WebSocket proxy that relays bytes after the
         * handshake through the Servlet API's protocol upgrade, on embedded Tomcat 11. WebSocket only. (On Jetty
         * 12.1.14, ee10 and ee11 alike, the upgraded connection's input reads as ended at once, so there is no Jetty
         * twin.)
         */
        BYTE_RELAY_TOMCAT,
        /**
         * No proxy at all: {@link ContainerEcho}, the upstream's WebSocket echo served by Jetty 12.1's own Jakarta
         * WebSocket server (ee10) at the proxies' path. WebSocket only. The container-server floor: what Jetty spends
         * on the browser's side of a socket (accept, handshake through the servlet layer, upgrade, echo, close) with
         * no upstream to dial or relay to.
         */
        JETTY_WS_SERVER,
        /** As {@link #JETTY_WS_SERVER}, with embedded Tomcat 11's own Jakarta WebSocket server. */
        TOMCAT_WS_SERVER,
        /**
         * As {@link #JETTY_WS_SERVER}, with the handshake answered in a second, {@code ASYNC} dispatch from another
         * thread ({@link DeferredUpgrade}), as a proxy must answer it that holds no request thread over its dial. The
         * container-server floor for devproxy's upgrade on Jetty.
         */
        JETTY_WS_SERVER_ASYNC,
        /** As {@link #JETTY_WS_SERVER_ASYNC}, with embedded Tomcat 11's own Jakarta WebSocket server. */
        TOMCAT_WS_SERVER_ASYNC
    }

    /** A running proxy: its port, a bootstrap path that sets the session cookie, and how to stop it. */
    public interface Running extends AutoCloseable {
        /** The port on 127.0.0.1. */
        int port();

        /** {@code /api/dev/bench/ide?token=…}: one GET answers 303 with the session cookie. */
        String bootstrapPath();
    }

    /** Builds devproxy for {@code upstream} and starts it in {@code container} on an ephemeral port. */
    public static Running start(Container container, URI upstream) throws Exception {
        if (container == Container.JETTY_PROXYSERVLET) {
            return bareProxyServlet(new ProxyServlet.Transparent(), upstream);
        }
        if (container == Container.JETTY_ASYNC_PROXYSERVLET) {
            return bareProxyServlet(new AsyncProxyServlet.Transparent(), upstream);
        }
        if (container == Container.TOMCAT_PROXYSERVLET) {
            return proxyServletInTomcat(new ProxyServlet.Transparent(), upstream);
        }
        if (container == Container.TOMCAT_ASYNC_PROXYSERVLET) {
            return proxyServletInTomcat(new AsyncProxyServlet.Transparent(), upstream);
        }
        if (container == Container.JETTY_CORE_PROXY) {
            return coreProxyHandler(upstream);
        }
        if (container == Container.JETTY_WS_SERVER || container == Container.JETTY_WS_SERVER_ASYNC) {
            return jettyWebSocketServer(container == Container.JETTY_WS_SERVER_ASYNC);
        }
        if (container == Container.TOMCAT_WS_SERVER || container == Container.TOMCAT_WS_SERVER_ASYNC) {
            return tomcatWebSocketServer(container == Container.TOMCAT_WS_SERVER_ASYNC);
        }
        if (container == Container.BYTE_RELAY_TOMCAT) {
            return startTomcat(context -> Tomcat.addServlet(context, "relay", new ByteRelayServlet(upstream, PREFIX))
                    .addMapping(PREFIX + "/*"), "-");
        }
        DevProxy proxy = DevProxy.builder()
                .routing(Routing.sharedOrigin())
                .launchBinding(LaunchBinding.NONE) // the load clients bootstrap with issueLaunch's bearer link
                .resolver((workspace, caller) -> Optional.of(Target.strip(upstream)))
                .tokens(JwtTokens.hmac("devproxy-benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8)))
                .cookie(CookieSettings.builder().insecureForDevelopment().build())
                .webSocket(WebSocketSettings.builder().relaying(
                        container == Container.TOMCAT_FRAMES || container == Container.JETTY_FRAMES
                                ? WebSocketSettings.Relaying.FRAMES : WebSocketSettings.Relaying.AUTO).build())
                // One load client is one subject on one workspace, holding thousands of idle pairs and opening
                // sockets while the previous workload's still close: the per-user limits that protect a host from
                // one account would refuse it. The proxy-wide ceiling stays.
                .limits(Limits.builder().webSocketsPerSubject(20_000).webSocketsPerWorkspace(20_000)
                        .dialsPerWorkspace(1_000).httpExchangesPerWorkspace(1_000).build())
                .build();
        String bootstrap = proxy.issueLaunch("bench-client", WorkspaceId.of(WORKSPACE)).url();
        if (container == Container.JETTY || container == Container.JETTY_FRAMES) {
            return jetty(proxy, bootstrap);
        }
        return startTomcat(context -> TomcatDevProxy.install(context, proxy,
                container == Container.TOMCAT_TOMCAT_IO ? TomcatDevProxy.WebSocketIo.TOMCAT
                        : TomcatDevProxy.WebSocketIo.RELAY_LOOP), bootstrap);
    }

    private static Running jetty(DevProxy proxy, String bootstrap) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        JettyDevProxy.install(context, proxy);
        return startJetty(context, bootstrap);
    }

    // The echo at the path the proxies map to the upstream's /ws; deferred: answered there in an ASYNC dispatch.
    private static Running jettyWebSocketServer(boolean deferred) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, webSockets) -> {
            ContainerEcho.register(webSockets, deferred ? DeferredUpgrade.ANSWERED : PREFIX + "/ws");
            if (deferred) {
                DeferredUpgrade.install(servletContext, PREFIX + "/ws", new WebSocketUpgradeFilter());
            }
        });
        return startJetty(context, "-");
    }

    private static Running tomcatWebSocketServer(boolean deferred) throws Exception {
        return startTomcat(context -> {
            context.addServletContainerInitializer((classes, servletContext) -> {
                new WsSci().onStartup(null, servletContext);
                ContainerEcho.register((ServerContainer) servletContext.getAttribute(ServerContainer.class.getName()),
                        deferred ? DeferredUpgrade.ANSWERED : PREFIX + "/ws");
                if (deferred) {
                    DeferredUpgrade.install(servletContext, PREFIX + "/ws", new WsFilter());
                }
            }, null);
            // Tomcat runs its WebSocket filter only for a request mapped to a servlet.
            Tomcat.addServlet(context, "none", new HttpServlet() {
                private static final long serialVersionUID = 1L;
            }).addMapping("/");
        }, "-");
    }

    private static Running bareProxyServlet(ProxyServlet servlet, URI upstream) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder proxy = new ServletHolder(servlet);
        proxy.setAsyncSupported(true);
        proxy.setInitParameters(proxyServletParameters(upstream));
        context.addServlet(proxy, PREFIX + "/*");
        return startJetty(context, "-");
    }

    private static Running proxyServletInTomcat(ProxyServlet servlet, URI upstream) throws Exception {
        return startTomcat(context -> {
            Wrapper proxy = Tomcat.addServlet(context, "proxy", servlet);
            proxy.setAsyncSupported(true);
            proxyServletParameters(upstream).forEach(proxy::addInitParameter);
            proxy.addMapping(PREFIX + "/*");
        }, "-");
    }

    // Jetty's proxy servlets, in either container: the client settings devproxy's HTTP tunnel uses, the same prefix.
    private static Map<String, String> proxyServletParameters(URI upstream) {
        Map<String, String> parameters = new HashMap<>(HttpTunnel.initParameters(64, Duration.ofSeconds(4)));
        parameters.put("proxyTo", upstream.toString());
        parameters.put("prefix", PREFIX);
        return parameters;
    }

    private static Running coreProxyHandler(URI upstream) throws Exception {
        String base = upstream.toString().replaceAll("/$", "");
        ProxyHandler.Reverse proxy = new ProxyHandler.Reverse(request -> {
            String path = request.getHttpURI().getPathQuery();
            if (!path.startsWith(PREFIX + "/")) {
                return null; // answered 502 by the handler: the benchmark sends nothing else
            }
            return HttpURI.from(base + path.substring(PREFIX.length()));
        }) {
            @Override
            protected void configureHttpClient(HttpClient client) {
                super.configureHttpClient(client);
                // What HttpTunnel.initParameters sets for devproxy's and ProxyServlet's clients.
                client.setMaxConnectionsPerDestination(1024);
                client.setIdleTimeout(Duration.ofSeconds(4).toMillis());
                client.setResponseBufferSize(64 * 1024);
            }
        };
        return startJetty(proxy, "-");
    }

    private static Running startJetty(Handler handler, String bootstrap) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return running(connector.getLocalPort(), bootstrap, server::stop);
    }

    private static Running startTomcat(Consumer<Context> install, String bootstrap) throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        Path baseDir = Files.createTempDirectory("devproxy-bench-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", "20000");
        connector.setProperty("acceptCount", "4096");
        String socketBuffer = System.getProperty(TOMCAT_SOCKET_BUFFER);
        if (socketBuffer != null) {
            connector.setProperty("socket.appReadBufSize", socketBuffer);
            connector.setProperty("socket.appWriteBufSize", socketBuffer);
        }
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        String messageBuffer = System.getProperty(TOMCAT_MESSAGE_BUFFER);
        if (messageBuffer != null) {
            context.addParameter("org.apache.tomcat.websocket.textBufferSize", messageBuffer);
            context.addParameter("org.apache.tomcat.websocket.binaryBufferSize", messageBuffer);
        }
        install.accept(context);
        tomcat.start();
        return running(connector.getLocalPort(), bootstrap, () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }

    private interface Stop {
        void stop() throws Exception;
    }

    private static Running running(int port, String bootstrap, Stop stop) {
        return new Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public String bootstrapPath() {
                return bootstrap;
            }

            @Override
            public void close() throws Exception {
                stop.stop();
            }
        };
    }

    /**
     * Runs a proxy until killed: {@code ProxyHost <container> http://127.0.0.1:<upstream port>}. Prints
     * {@code READY <port> <bootstrap path>} once it listens.
     */
    public static void main(String[] args) throws Exception {
        Container container = Container.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        Running running = start(container, URI.create(args[1]));
        System.out.println("READY " + running.port() + " " + running.bootstrapPath());
        System.out.flush();
        Thread.currentThread().join();
    }
}
