package dev.devproxy.testkit;

import dev.devproxy.DevProxy;
import java.net.URI;

/**
 * How a conformance suite gets a running server with devproxy installed: implemented once per adapter
 * (and by integrators, for their own wiring).
 *
 * <p>The server must listen on {@code 127.0.0.1}, port 0, at the root context, and besides devproxy serve
 * two routes of its own, to prove devproxy leaves the host application alone:
 * {@code GET /app/hello} answering {@code host app} and {@code GET /api/dev/host-route} answering
 * {@code host route}.
 */
@FunctionalInterface
public interface ProxyServer {
    /** Starts a server with {@code proxy} installed. */
    Running start(DevProxy proxy) throws Exception;

    /** A started server. */
    interface Running extends AutoCloseable {
        /** {@code http://127.0.0.1:<port>}, or {@code https://} for a TLS connector. */
        URI uri();

        /** Stops the server (which closes the proxy). */
        @Override
        void close() throws Exception;

        /** A started server at {@code uri}, stopped by {@code stop}. */
        static Running of(URI uri, AutoCloseable stop) {
            return new Running() {
                @Override
                public URI uri() {
                    return uri;
                }

                @Override
                public void close() throws Exception {
                    stop.close();
                }
            };
        }
    }
}
