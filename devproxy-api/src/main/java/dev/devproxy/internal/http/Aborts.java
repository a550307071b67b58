package dev.devproxy.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Ends a response whose headers were already sent when the upstream fails mid-body.
 * Completing normally would let a truncated chunked body look whole to the browser, so the connection
 * must be aborted instead.
 */
final class Aborts {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.http");

    private Aborts() {
    }

    static void abort(HttpServletRequest request, HttpServletResponse response) {
        try {
            // Jetty: sendError(-1) on a committed response aborts the connection.
            response.sendError(-1);
        } catch (Exception e) {
            LOG.debug("abort by sendError(-1) not supported here: {}", e.toString());
        }
    }
}
