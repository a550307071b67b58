package dev.devproxy.jetty.core;

import dev.devproxy.DevProxy;
import dev.devproxy.adapter.ContainerAdapter;
import dev.devproxy.adapter.Installations;
import dev.devproxy.adapter.Probe;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.ByteBuffer;
import java.util.EventListener;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What installing a {@link DevProxy} into a Jetty servlet context does, written once for both Jetty adapters (ee10
 * and ee11), which implement only the steps whose types differ between the two environments:
 *
 * <ul>
 *   <li>with {@link dev.devproxy.Routing#hosts host routing}, the workspace-host filter first in the chain on
 *       {@code /*}, kept first after the context starts (requests to a workspace's own host never reach the
 *       application);</li>
 *   <li>the bootstrap filter on {@code <bootstrapPrefix>/*}, and with shared-origin routing the tunnel servlet on
 *       {@code <tunnelPrefix>/*}, all with async support;</li>
 *   <li>the Jakarta WebSocket container, and the {@link JettyAdapter} that lets the byte relay take a browser's socket
 *       over, unless the probe of Jetty's classes finds them changed ({@link #probeProblem}): then one WARN says why,
 *       and WebSockets are relayed through Jetty's own WebSocket server instead;</li>
 *   <li>closing the proxy when the last context it is installed in stops ({@link Installations}).</li>
 * </ul>
 *
 * <p>For the Jetty adapters; not API.
 */
public abstract class JettyInstallation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy");

    /** Whether the context is stopped (not starting, not started). */
    protected abstract boolean contextStopped();

    /** Makes the context create its Jakarta WebSocket server container when it starts (idempotent). */
    protected abstract void configureWebSockets();

    /** Sets a servlet context attribute, before the context starts. */
    protected abstract void setAttribute(String name, Object value);

    /**
     * Adds {@code filter} first in the chain on {@code /*} for REQUEST and ASYNC dispatches, and keeps it first when
     * the context starts (Jetty's Jakarta WebSocket container prepends its own upgrade filter then).
     */
    protected abstract void addFilterFirst(String name, Filter filter);

    /** Adds {@code filter}, async, on {@code pathSpec} for REQUEST dispatches, after the application's filters. */
    protected abstract void addFilter(String name, Filter filter, String pathSpec);

    /** Adds {@code servlet}, async and started with the context, on {@code pathSpec}. */
    protected abstract void addServlet(String name, Servlet servlet, String pathSpec);

    /** Adds a servlet context listener. */
    protected abstract void addEventListener(EventListener listener);

    /**
     * The adapter that reaches Jetty's core request under this environment's servlet requests.
     *
     * @param takesSocketsOver whether the probe found what taking sockets over needs
     */
    protected abstract JettyAdapter adapter(boolean takesSocketsOver);

    /**
     * What is missing from the Jetty on the classpath for the byte relay to take sockets over, or empty if nothing:
     * the core server API {@link JettyAdapter#upgrade} uses, checked when the proxy is installed. Overridable so that a
     * test can see the fallback.
     */
    protected Optional<String> probeProblem() {
        return Probe.run(probe -> probe
                .field(HttpStream.class, "UPGRADE_CONNECTION_ATTRIBUTE")
                .method(Request.class, "getConnectionMetaData")
                .method(Request.class, "setAttribute", String.class, Object.class)
                .method(ConnectionMetaData.class, "getConnection")
                .method(ConnectionMetaData.class, "getConnector")
                .method(Connection.class, "getEndPoint")
                .method(EndPoint.class, "upgrade", Connection.class)
                .method(Connector.class, "getExecutor")
                .method(Connector.class, "getByteBufferPool")
                .method(ByteBufferPool.class, "acquire", int.class, boolean.class)
                .method(Response.class, "setStatus", int.class)
                .method(Response.class, "getHeaders")
                .method(Response.class, "write", boolean.class, ByteBuffer.class, Callback.class));
    }

    // The adapter, as far as the probes allow: none without Jetty's core API, no take-over without what it needs.
    private void publishAdapter() {
        Optional<String> serverHeader = serverHeaderProblem();
        if (serverHeader.isPresent()) {
            LOG.warn("devproxy cannot reach Jetty's core API on this Jetty, so it relays WebSockets through Jetty's own"
                    + " WebSocket server, and Jetty's Server header stays on responses without an upstream one: {}",
                    serverHeader.get());
            return;
        }
        Optional<String> takeover = probeProblem();
        takeover.ifPresent(problem -> LOG.warn("devproxy cannot take WebSocket sockets over on this Jetty, so it"
                + " relays them through Jetty's own WebSocket server (more CPU per message, same behaviour): {}",
                problem));
        setAttribute(ContainerAdapter.ATTRIBUTE, adapter(takeover.isEmpty()));
    }

    /** What {@link JettyAdapter#withoutServerHeader} needs of Jetty and does not find, or empty. */
    private static Optional<String> serverHeaderProblem() {
        return Probe.run(probe -> probe
                .method(Request.class, "addHttpStreamWrapper", Function.class)
                .method(HttpStream.Wrapper.class, "send", MetaData.Request.class, MetaData.Response.class,
                        boolean.class, ByteBuffer.class, Callback.class)
                .method(MetaData.Response.class, "getHttpFields")
                .method(HttpFields.class, "build", int.class)
                .method(HttpVersion.class, "asString"));
    }

    /**
     * Adds {@code proxy}'s routes to the context. Call it before the context starts.
     *
     * @throws IllegalStateException if the context is already started
     */
    public final void install(DevProxy proxy) {
        Objects.requireNonNull(proxy, "proxy");
        if (!contextStopped()) {
            throw new IllegalStateException("install devproxy before the ServletContextHandler starts");
        }
        // Creates the Jakarta ServerContainer at start-up (idempotent if the application also uses Jakarta
        // WebSocket). devproxy never registers endpoints in it: it upgrades from its own servlet.
        configureWebSockets();
        publishAdapter();
        String name = proxy.registrationName();
        if (proxy.servesWorkspaceHosts()) {
            addFilterFirst(name + "-hosts", proxy.workspaceHostFilter());
        }
        addFilter(name + "-bootstrap", proxy.bootstrapFilter(), proxy.bootstrapPrefix() + "/*");
        proxy.tunnelServletMapping().ifPresent(mapping -> addServlet(name + "-tunnel", proxy.tunnelServlet(),
                mapping));
        Runnable stopped = Installations.installedIn(proxy);
        addEventListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                stopped.run();
            }
        });
    }
}
