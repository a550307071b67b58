package dev.devproxy.jetty.local;

import dev.devproxy.Failure;
import dev.devproxy.internal.ErrorResponses;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Answers only requests addressed to the entry proxy's own loopback origin. A page on
 * {@code evil.example} whose DNS points at 127.0.0.1 (DNS rebinding) reaches the port, but its requests
 * carry {@code Host: evil.example:<port>} and get 403 before anything else runs.
 */
final class LoopbackHostFilter implements Filter {
    private final Set<String> allowedHosts;

    LoopbackHostFilter(int port) {
        this.allowedHosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String host = request.getHeader("Host");
        if (host == null || !allowedHosts.contains(host.trim().toLowerCase(Locale.ROOT))) {
            ErrorResponses.send(request, (HttpServletResponse) resp, Failure.FORBIDDEN);
            return;
        }
        chain.doFilter(req, resp);
    }
}
