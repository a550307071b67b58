package dev.devproxy.internal;

import dev.devproxy.DevProxyListener;
import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.LimitReached;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.SocketOpened;
import dev.devproxy.event.TokenIssued;
import dev.devproxy.event.UpstreamFailure;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. Delivers events to the integrator's listener; a listener that throws is named in a
 * WARN and never breaks a request or a socket.
 */
final class SafeListener implements DevProxyListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.spi");

    private final DevProxyListener delegate;

    SafeListener(DevProxyListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void tokenIssued(TokenIssued event) {
        deliver("tokenIssued", event, delegate::tokenIssued);
    }

    @Override
    public void bootstrapAccepted(BootstrapAccepted event) {
        deliver("bootstrapAccepted", event, delegate::bootstrapAccepted);
    }

    @Override
    public void bootstrapRejected(BootstrapRejected event) {
        deliver("bootstrapRejected", event, delegate::bootstrapRejected);
    }

    @Override
    public void exchangeCompleted(ExchangeCompleted event) {
        deliver("exchangeCompleted", event, delegate::exchangeCompleted);
    }

    @Override
    public void upstreamFailed(UpstreamFailure event) {
        deliver("upstreamFailed", event, delegate::upstreamFailed);
    }

    @Override
    public void socketOpened(SocketOpened event) {
        deliver("socketOpened", event, delegate::socketOpened);
    }

    @Override
    public void socketClosed(SocketClosed event) {
        deliver("socketClosed", event, delegate::socketClosed);
    }

    @Override
    public void limitReached(LimitReached event) {
        deliver("limitReached", event, delegate::limitReached);
    }

    private <E> void deliver(String method, E event, Consumer<E> target) {
        try {
            target.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("DevProxyListener {}.{} threw {}: listeners must not throw; the event was dropped",
                    delegate.getClass().getName(), method, e.toString());
        }
    }
}
