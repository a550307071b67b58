package dev.devproxy.internal.ws;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * Internal: not API. What devproxy needs of Jetty below the Servlet API, published by the Jetty
 * adapters as the servlet context attribute {@link #ATTRIBUTE} (see {@link JettyConnectionUpgrade}): how the byte
 * relay takes over a browser's connection, and how a response goes without Jetty's {@code Server} header. Jetty
 * 12.1's Servlet protocol upgrade does not deliver the upgraded bytes, so on Jetty the connection is upgraded
 * the way Jetty's own WebSocket server upgrades it: a connection of devproxy's handed to Jetty with the 101.
 * Only jetty-io types appear here, so that the engine needs no Jetty server classes on Tomcat.
 */
public interface JettyCore {
    /** The servlet context attribute under which a Jetty adapter publishes its {@code JettyCore}. */
    String ATTRIBUTE = JettyCore.class.getName();

    /** Makes the connection that takes over the browser's socket. */
    interface ConnectionFactory {
        /** A connection for {@code endPoint}, running on {@code executor}, with buffers from {@code pool}. */
        Connection newConnection(EndPoint endPoint, Executor executor, ByteBufferPool pool);
    }

    /**
     * Answers {@code request} with a 101 carrying {@code headers} (name and value pairs) and, once it is written,
     * hands the socket to the connection {@code factory} makes. False if the 101 could not be written.
     */
    boolean upgrade(HttpServletRequest request, List<String[]> headers, ConnectionFactory factory);

    /**
     * Leaves the container's own {@code Server} header out of {@code request}'s response: Jetty adds one to every
     * response ({@code HttpConfiguration.setSendServerVersion}, on by default) as a field that no servlet can remove,
     * only overwrite. Call it before the response is committed.
     */
    void withoutServerHeader(HttpServletRequest request);
}
