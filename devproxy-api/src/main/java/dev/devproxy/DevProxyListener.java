package dev.devproxy;

import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.LimitReached;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.SocketOpened;
import dev.devproxy.event.TokenIssued;
import dev.devproxy.event.UpstreamFailure;

/**
 * Receives devproxy's events: for metrics, audit logs and tests. Every method has a no-op default, so
 * implement only what you need.
 *
 * <p><b>Thread:</b> called synchronously on request and I/O threads, so keep it quick and never
 * block. An exception thrown here is logged once as WARN and otherwise ignored. Events never carry a
 * token, cookie or {@code Authorization} value.
 *
 * <pre>{@code
 * DevProxyListener metrics = new DevProxyListener() {
 *     public void exchangeCompleted(ExchangeCompleted e) { histogram.record(e.duration()); }
 * };
 * }</pre>
 */
public interface DevProxyListener {
    /** A listener that ignores everything. */
    DevProxyListener NONE = new DevProxyListener() {
    };

    /** A launch token was issued. */
    default void tokenIssued(TokenIssued event) {
    }

    /** A launch token was exchanged for a session cookie. */
    default void bootstrapAccepted(BootstrapAccepted event) {
    }

    /** A bootstrap was refused. */
    default void bootstrapRejected(BootstrapRejected event) {
    }

    /** An HTTP exchange through the tunnel finished. */
    default void exchangeCompleted(ExchangeCompleted event) {
    }

    /** Reaching an upstream or the registry failed. */
    default void upstreamFailed(UpstreamFailure event) {
    }

    /** A WebSocket pair opened. */
    default void socketOpened(SocketOpened event) {
    }

    /** A WebSocket pair closed. */
    default void socketClosed(SocketClosed event) {
    }

    /** A request was refused at one of the proxy's limits. */
    default void limitReached(LimitReached event) {
    }
}
