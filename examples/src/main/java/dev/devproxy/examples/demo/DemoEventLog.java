package dev.devproxy.examples.demo;

import dev.devproxy.DevProxyListener;
import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.SocketOpened;
import dev.devproxy.event.UpstreamFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person running the demo what devproxy just did, one line per launch, socket and failure.
 * Events carry no token or cookie, so this is safe to print. A real application would feed metrics or
 * an audit log from the same listener.
 */
final class DemoEventLog implements DevProxyListener {
    private static final Logger LOG = LoggerFactory.getLogger("demo");

    @Override
    public void bootstrapAccepted(BootstrapAccepted event) {
        LOG.info("{} opened workspace {}: launch token spent, session cookie set", event.subject(), event.workspace());
    }

    @Override
    public void bootstrapRejected(BootstrapRejected event) {
        LOG.info("bootstrap of workspace {} refused: {} {}", event.workspace(), event.failure(),
                event.reason() == null ? "" : event.reason());
    }

    @Override
    public void socketOpened(SocketOpened event) {
        LOG.info("WebSocket #{} opened to workspace {} for {}", event.socketId(), event.workspace(), event.subject());
    }

    @Override
    public void socketClosed(SocketClosed event) {
        LOG.info("WebSocket #{} to workspace {} closed", event.socketId(), event.workspace());
    }

    @Override
    public void upstreamFailed(UpstreamFailure event) {
        LOG.info("workspace {} failed: {} (the browser sees {})", event.workspace(), event.kind(),
                event.failure().httpStatus());
    }
}
