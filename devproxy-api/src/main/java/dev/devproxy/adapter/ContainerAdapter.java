package dev.devproxy.adapter;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Objects;

/**
 * What a container adapter ({@code devproxy-jetty}, {@code devproxy-jetty-ee11}, {@code devproxy-tomcat}) gives the
 * engine, which knows no container: how a browser's WebSocket upgrade is accepted below the Servlet API, and how a
 * response goes without the container's own {@code Server} header. The adapter publishes it as the servlet context
 * attribute {@link #ATTRIBUTE} when it installs a proxy ({@link #publish}); where none is published (a container
 * without an adapter), or the adapter does not {@linkplain #takesSocketsOver take sockets over} (its install-time
 * probe failed), the engine relays WebSockets frame by frame through the container's Jakarta WebSocket server, which
 * every container has.
 *
 * <p>For adapter authors; applications never call it.
 */
public interface ContainerAdapter {
    /** The servlet context attribute under which an adapter publishes itself. */
    String ATTRIBUTE = ContainerAdapter.class.getName();

    /** One field of the 101 the adapter writes. */
    record Header(String name, String value) {
        /** A field; neither part may be null. */
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Answers {@code request} with a 101 carrying {@code headers} and, once it is written, hands the browser's socket
     * to {@code browser}: a plain socket the engine can read itself through {@link BrowserSide#adopt} or
     * {@link BrowserSide#takeOver}, any other as a {@link Wire} of the container's own I/O that reports to
     * {@link BrowserSide#events}. Runs on a container thread, in the request's servlet call or an async dispatch of it.
     *
     * @return false if no 101 went out: the engine then closes the upstream's socket and answers the request itself.
     *     Once the 101 is out, a socket that cannot be handed over is reported through {@link BrowserSide#abandon}.
     */
    boolean upgrade(HttpServletRequest request, HttpServletResponse response, List<Header> headers,
            BrowserSide browser);

    /**
     * Whether {@link #upgrade} can take a browser's socket over: false where the adapter's install-time probe found
     * the container changed under it ({@link Probe}), and WebSockets are relayed frame by frame through the
     * container's own WebSocket server instead, while the adapter still serves {@link #withoutServerHeader}.
     */
    default boolean takesSocketsOver() {
        return true;
    }

    /**
     * Leaves the container's own {@code Server} header out of {@code request}'s response, where the container adds
     * one that no servlet can remove (Jetty does, unless told not to). Called before the response is committed. The
     * default does nothing, for a container that adds none.
     */
    default void withoutServerHeader(HttpServletRequest request) {
    }

    /**
     * Lets {@code request}'s connection take a response body chunk of {@code bytes} in as few writes to the socket as
     * it can, and returns what puts the connection back as it was, or null if the adapter changed nothing (the default).
     * The HTTP tunnel calls it before writing a chunk, at a moment when nothing of the response waits to be written,
     * until it returns an action; it runs that action once the response's last chunk is written, before the response
     * completes, from a thread that is not necessarily the container's. Tomcat writes non-blocking output through the
     * connection's 8 KiB socket buffer, 8 KiB per system call, unless given a wider one for the response.
     */
    default Runnable widenWrites(HttpServletRequest request, int bytes) {
        return null;
    }

    /**
     * Whether the HTTP tunnel sets its response writer (a {@code WriteListener}) in the request's own dispatch, on the
     * container's thread, before it asks the upstream, instead of when the upstream's first chunk arrives, on the
     * upstream client's thread (the default). Tomcat handles a listener set off the request's thread by processing the
     * connection on that thread, and dropped requests that way under load; its adapter says true. An error page is
     * then written after a reset, which on Tomcat leaves non-blocking mode; a container whose reset keeps the listener
     * must say false.
     */
    default boolean writerInOwnDispatch() {
        return false;
    }

    /** The adapter published in {@code context}, or null if there is none. */
    static ContainerAdapter of(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) instanceof ContainerAdapter adapter ? adapter : null;
    }

    /** Publishes {@code adapter} in {@code context}, for every proxy installed there. */
    static void publish(ServletContext context, ContainerAdapter adapter) {
        context.setAttribute(ATTRIBUTE, Objects.requireNonNull(adapter, "adapter"));
    }
}
