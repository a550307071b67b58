package dev.devproxy.internal.http;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.adapter.ContainerAdapter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Internal: not API. The {@code Server} header of a response the tunnel relays ({@link HeaderPolicy.ServerHeader}):
 * one at most, the upstream's by default, never the container's unless the integrator chose it. Jetty puts its own
 * into every response as a field a servlet can overwrite but not remove, so without an upstream value it is left out
 * through the container's adapter ({@link ContainerAdapter#withoutServerHeader}); Tomcat adds none unless its connector's {@code server} attribute says
 * so, and then replaces every value with that one.
 */
public final class ServerHeaders {
    private ServerHeaders() {
    }

    /**
     * Gives {@code response} the {@code Server} header {@code policy} asks for, before it is committed.
     *
     * @param upstreamServer the upstream's {@code Server} value, or null if it sent none
     */
    public static void apply(HttpServletRequest request, HttpServletResponse response, String upstreamServer,
            HeaderPolicy.ServerHeader policy) {
        if (policy == HeaderPolicy.ServerHeader.CONTAINER) {
            return;
        }
        if (upstreamServer != null) {
            // setHeader, not addHeader: it replaces Jetty's own, so the browser sees one.
            response.setHeader("Server", upstreamServer);
            return;
        }
        ContainerAdapter adapter = ContainerAdapter.of(request.getServletContext());
        if (adapter != null) {
            adapter.withoutServerHeader(request);
        }
    }
}
