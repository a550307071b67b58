package dev.devproxy.internal.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Ends a response whose headers were already sent when the upstream fails mid-body.
 * Completing normally would let a truncated body look whole to the browser (a chunked body gets its
 * last chunk; a body with {@code Content-Length} leaves the browser waiting on a kept-alive connection),
 * so the connection must be cut instead. The Servlet API has no call for that, so:
 * <ol>
 *   <li>{@code sendError(-1)}, which Jetty defines as "abort the connection" for a committed response;</li>
 *   <li>where that is refused ({@code IllegalStateException} on a committed response, as the Servlet
 *       specification has it, e.g. Tomcat), an async dispatch back into the tunnel servlet, which throws
 *       {@link Truncated}: an exception escaping a servlet after the response was committed is something
 *       every container can only answer by closing the connection without ending the body. Tomcat logs
 *       that exception (SEVERE, without a stack trace, see {@link Truncated}).</li>
 * </ol>
 */
public final class Aborts {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.http");
    private static final String ABORTING = Aborts.class.getName() + ".aborting";

    private Aborts() {
    }

    /**
     * Cuts the connection of a committed, async-started exchange.
     *
     * @return true if the request was dispatched to be cut there: the caller must neither complete it nor
     *     touch the request or response again
     */
    static boolean abort(HttpServletRequest request, HttpServletResponse response) {
        try {
            response.sendError(-1);
            return false;
        } catch (IllegalStateException | IOException e) {
            LOG.debug("sendError(-1) does not abort here ({}); cutting through an async dispatch", e.toString());
        }
        if (!request.isAsyncStarted()) {
            return false;
        }
        AsyncContext async = request.getAsyncContext();
        request.setAttribute(ABORTING, Boolean.TRUE);
        async.dispatch();
        return true;
    }

    /**
     * Called by the tunnel servlet for an async dispatch: throws if {@link #abort} dispatched it.
     *
     * @throws Truncated to make the container cut the connection
     */
    public static void throwIfAborting(HttpServletRequest request) throws Truncated {
        if (request.getAttribute(ABORTING) != null) {
            request.removeAttribute(ABORTING);
            throw new Truncated();
        }
    }

    /**
     * Why a response was cut: it reaches the container's log (Tomcat logs it at SEVERE), so it says what
     * happened in one line and carries no stack trace, which would only point at devproxy's own dispatch.
     */
    public static final class Truncated extends IOException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super("devproxy: the upstream failed mid-response; the browser's connection was cut so that the"
                    + " truncated body cannot pass for a whole one (not an application error)");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
