package dev.devproxy.internal.http;

import dev.devproxy.Failure;
import dev.devproxy.event.UpstreamFailure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;

/**
 * Internal: not API. Classifies why reaching an upstream failed, and what the browser is told: refused
 * or reset is 502, a malformed answer 502 too, too slow is 504. Shared by the HTTP proxy and the WebSocket relay.
 */
public final class UpstreamFailures {
    private UpstreamFailures() {
    }

    /** Classifies a failure by walking its cause chain. */
    public static UpstreamFailure.Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                // Jetty's client reports a connect timeout as SocketTimeoutException("Connect Timeout").
                return UpstreamFailure.Kind.CONNECT_TIMEOUT;
            }
            if (t instanceof TimeoutException) {
                return UpstreamFailure.Kind.RESPONSE_TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return UpstreamFailure.Kind.CONNECT_REFUSED;
            }
            if (t instanceof MalformedResponse || t instanceof HttpException) {
                // Ours, or the client's parser refusing the response (a head over the limit, bad syntax).
                return UpstreamFailure.Kind.MALFORMED_RESPONSE;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return UpstreamFailure.Kind.CONNECTION_RESET;
    }

    /** What the browser is answered for a failure kind. */
    public static Failure answer(UpstreamFailure.Kind kind) {
        switch (kind) {
            case CONNECT_TIMEOUT:
            case RESPONSE_TIMEOUT:
                return Failure.UPSTREAM_TIMEOUT;
            case RESOLVER_FAILED:
                return Failure.SERVICE_UNAVAILABLE;
            case RESOLVER_BROKEN:
                return Failure.INTERNAL_ERROR;
            default:
                return Failure.UPSTREAM_UNAVAILABLE;
        }
    }
}
