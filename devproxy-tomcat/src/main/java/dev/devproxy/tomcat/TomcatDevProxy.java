package dev.devproxy.tomcat;

import dev.devproxy.DevProxy;
import dev.devproxy.adapter.ContainerAdapter;
import dev.devproxy.tomcat.internal.TomcatAdapter;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Installs a {@link DevProxy} into an existing embedded Tomcat 11 or 10.1 application.
 *
 * <pre>{@code
 * Tomcat tomcat = new Tomcat();
 * Context context = tomcat.addContext("", null);
 * Tomcat.addServlet(context, "api", new MyApiServlet());    // the application's own routes stay as they are
 * context.addServletMapping("/api/*", "api");
 * TomcatDevProxy.install(context, proxy);                   // adds /api/dev/{id}/ide..., /__ide/{id}/...
 * tomcat.start();
 * }</pre>
 *
 * <p>What it registers when the context starts: with {@link dev.devproxy.Routing#hosts host routing}, the
 * workspace-host filter on {@code /*} before the application's filters (requests to a workspace's own host never
 * reach the application); the bootstrap filter on {@code <bootstrapPrefix>/*} (requests it does not own pass on to
 * the application); with shared-origin routing, the tunnel servlet on {@code <tunnelPrefix>/*}; all with async
 * support; and Tomcat's Jakarta WebSocket container ({@link WsSci}) unless the context already has
 * one. When the last context the proxy is installed in stops, the proxy is closed: live sockets get 1001 and the
 * upstream clients stop.
 *
 * <p>Tomcat runs filters only for requests that some servlet is mapped to. If nothing is mapped to
 * {@code "/"} when the context starts, a default servlet answering 404 is mapped there, as Jetty does by
 * itself, so that the bootstrap filter sees its routes; a {@code "/"} mapping added later replaces it.
 *
 * <p>WebSockets: after the handshake, devproxy relays the browser's socket as bytes. On Tomcat's NIO connector
 * (the default) a plain-HTTP socket is then handed over from Tomcat's poller to devproxy's own relay loop, where the
 * upstream's socket is read and written too: Tomcat's poller and workers then no longer touch it, which took a third
 * or more off devproxy's CPU per message in the benchmark. Tomcat still counts the connection (against
 * {@code maxConnections}) until it closes. TLS sockets and other connectors (NIO2) stay on Tomcat's
 * own I/O; {@link WebSocketIo#TOMCAT} keeps every socket there. What this needs of Tomcat's classes is checked when
 * the proxy is installed: if the Tomcat on the classpath lacks it, one WARN says what, and WebSockets go through
 * Tomcat's own I/O, or through its WebSocket server.
 *
 * <p>For a WAR deployed on a standalone Tomcat, implement {@link DevProxyProvider} instead.
 */
public final class TomcatDevProxy {
    /** Where a relayed WebSocket's browser socket is read and written once the handshake is done. */
    public enum WebSocketIo {
        /**
         * A plain socket of Tomcat's NIO connector moves to devproxy's relay loop, where the upstream's socket is
         * read and written too (the default: a third or more less CPU per message); others stay on Tomcat's I/O.
         */
        RELAY_LOOP,
        /** Every socket stays on Tomcat's connector, read and written through Tomcat's own upgrade interface. */
        TOMCAT
    }

    private static final String DEFAULT_SERVLET = "devproxy-default";

    private TomcatDevProxy() {
    }

    /**
     * Adds {@code proxy}'s routes to {@code context}, with WebSockets on devproxy's relay loop
     * ({@link WebSocketIo#RELAY_LOOP}). Call it before the context starts; the context's own servlets and filters
     * keep working. Several proxies with different prefixes may share one context, and one proxy may be installed in
     * several contexts: it is closed when the last of them stops.
     *
     * @throws IllegalStateException if the context is already starting or started
     */
    public static void install(Context context, DevProxy proxy) {
        install(context, proxy, WebSocketIo.RELAY_LOOP);
    }

    /**
     * As {@link #install(Context, DevProxy)}, with relayed WebSockets read and written where {@code webSocketIo} says.
     *
     * @throws IllegalStateException if the context is already starting or started
     */
    public static void install(Context context, DevProxy proxy, WebSocketIo webSocketIo) {
        Objects.requireNonNull(webSocketIo, "webSocketIo");
        install(context, proxy, () -> TomcatAdapter.probe(webSocketIo == WebSocketIo.RELAY_LOOP));
    }

    /** As {@link #install(Context, DevProxy)}, with the adapter {@code probe} finds; for tests of the fallback. */
    static void install(Context context, DevProxy proxy, Supplier<Optional<ContainerAdapter>> probe) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(proxy, "proxy");
        LifecycleState state = context.getState();
        if (state != LifecycleState.NEW && state != LifecycleState.INITIALIZED) {
            throw new IllegalStateException("install devproxy before the Tomcat context starts (it is " + state + ")");
        }
        // Registered once the context has configured itself, so that it runs after the initializers Tomcat
        // discovers in jars (WsSci among them, for a context made with Tomcat.addWebapp): then it can tell
        // whether a WebSocket container already exists instead of creating a second one.
        context.addLifecycleListener(new LifecycleListener() {
            @Override
            public void lifecycleEvent(LifecycleEvent event) {
                if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                    context.removeLifecycleListener(this);
                    context.addServletContainerInitializer(new Initializer(context, proxy, probe), null);
                }
            }
        });
    }

    /** Wires one proxy into a starting context. */
    private static final class Initializer implements ServletContainerInitializer {
        private final Context context;
        private final DevProxy proxy;
        private final Supplier<Optional<ContainerAdapter>> probe;

        Initializer(Context context, DevProxy proxy, Supplier<Optional<ContainerAdapter>> probe) {
            this.context = context;
            this.proxy = proxy;
            this.probe = probe;
        }

        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext servletContext) throws ServletException {
            if (servletContext.getAttribute(Registration.SERVER_CONTAINER) == null) {
                // devproxy never registers endpoints: it upgrades from its own servlet, after its own checks.
                new WsSci().onStartup(null, servletContext);
            }
            ensureDefaultServlet(context);
            Registration.register(servletContext, proxy, probe.get());
            if (proxy.servesWorkspaceHosts()) {
                moveToFront(context, proxy.registrationName() + "-hosts");
            }
        }
    }

    /**
     * Makes the workspace-host filter the first of the chain. The Servlet API puts a filter registered "before" after
     * every one registered so before it, and initializers that started earlier may have registered theirs: Spring
     * Boot's, which runs first, registers all of the application's filters (Spring Security's among them) from one.
     * Moving the mapping leaves the others in their order, and Tomcat's boundary between programmatic and
     * descriptor mappings where it was.
     */
    private static void moveToFront(Context context, String filterName) {
        FilterMap[] maps = context.findFilterMaps();
        int at = 0;
        while (at < maps.length && !filterName.equals(maps[at].getFilterName())) {
            at++;
        }
        if (at == 0 || at == maps.length) {
            return;
        }
        for (int i = 0; i <= at; i++) {
            context.removeFilterMap(maps[i]);
        }
        context.addFilterMapBefore(maps[at]);
        for (int i = 0; i < at; i++) {
            context.addFilterMapBefore(maps[i]);
        }
    }

    // Overridable: like the default servlet of Tomcat's conf/web.xml, it yields to any later "/" mapping
    // instead of making it a conflict. Mapped with addServletMappingDecoded, which every Tomcat 10.1 and 11 has (newer
    // ones deprecate it): its replacement, addServletMapping, came in 11.0.25 and 10.1.59 (NoSuchMethodError before;
    // Spring Boot 4.0.7 brings 11.0.22).
    @SuppressWarnings("deprecation")
    private static void ensureDefaultServlet(Context context) {
        if (context.findServletMapping("/") != null || context.findChild(DEFAULT_SERVLET) != null) {
            return;
        }
        Wrapper wrapper = context.createWrapper();
        wrapper.setName(DEFAULT_SERVLET);
        wrapper.setServlet(new NotFoundServlet());
        wrapper.setOverridable(true);
        context.addChild(wrapper);
        context.addServletMappingDecoded("/", DEFAULT_SERVLET, false);
    }

    /** Answers 404 for requests no servlet of the application maps. */
    private static final class NotFoundServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
