package dev.devproxy.boot;

import dev.devproxy.DevProxyListener;
import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.LimitReached;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.SocketOpened;
import dev.devproxy.event.TokenIssued;
import dev.devproxy.event.UpstreamFailure;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every {@link DevProxyListener} bean of the application (the metrics among them) behind the one listener a
 * {@code DevProxy} takes. One that throws does not keep the event from the others; the first exception is rethrown
 * afterwards, for devproxy to log once as it does for a single listener.
 */
final class CompositeListener implements DevProxyListener {
    private final List<DevProxyListener> listeners;

    CompositeListener(List<DevProxyListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(Consumer<DevProxyListener> delivery) {
        RuntimeException first = null;
        for (DevProxyListener listener : listeners) {
            try {
                delivery.accept(listener);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void tokenIssued(TokenIssued event) {
        each(listener -> listener.tokenIssued(event));
    }

    @Override
    public void bootstrapAccepted(BootstrapAccepted event) {
        each(listener -> listener.bootstrapAccepted(event));
    }

    @Override
    public void bootstrapRejected(BootstrapRejected event) {
        each(listener -> listener.bootstrapRejected(event));
    }

    @Override
    public void exchangeCompleted(ExchangeCompleted event) {
        each(listener -> listener.exchangeCompleted(event));
    }

    @Override
    public void upstreamFailed(UpstreamFailure event) {
        each(listener -> listener.upstreamFailed(event));
    }

    @Override
    public void socketOpened(SocketOpened event) {
        each(listener -> listener.socketOpened(event));
    }

    @Override
    public void socketClosed(SocketClosed event) {
        each(listener -> listener.socketClosed(event));
    }

    @Override
    public void limitReached(LimitReached event) {
        each(listener -> listener.limitReached(event));
    }
}
