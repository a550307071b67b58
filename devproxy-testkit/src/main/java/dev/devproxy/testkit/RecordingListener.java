package dev.devproxy.testkit;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A {@link DevProxyListener} that keeps every event, for assertions. */
public final class RecordingListener implements DevProxyListener {
    private final List<Object> events = new CopyOnWriteArrayList<>();

    /** Every event of type {@code type}, in order. */
    public <E> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /** Every event, in order. */
    public List<Object> all() {
        return List.copyOf(events);
    }

    @Override
    public void tokenIssued(TokenIssued event) {
        events.add(event);
    }

    @Override
    public void bootstrapAccepted(BootstrapAccepted event) {
        events.add(event);
    }

    @Override
    public void bootstrapRejected(BootstrapRejected event) {
        events.add(event);
    }

    @Override
    public void exchangeCompleted(ExchangeCompleted event) {
        events.add(event);
    }

    @Override
    public void upstreamFailed(UpstreamFailure event) {
        events.add(event);
    }

    @Override
    public void socketOpened(SocketOpened event) {
        events.add(event);
    }

    @Override
    public void socketClosed(SocketClosed event) {
        events.add(event);
    }

    @Override
    public void limitReached(LimitReached event) {
        events.add(event);
    }
}
