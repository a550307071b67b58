package dev.devproxy.jetty;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.HangingUpgradeConformance;
import dev.devproxy.testkit.conformance.WebSocketConformance;

/**
 * The WebSocket conformance suites on Jetty as the adapter leaves it when its install-time probe finds Jetty's
 * classes changed: no {@code ContainerAdapter}, so WebSockets are relayed through Jetty's own WebSocket server (the
 * frame relay), with the same behaviour.
 */
class JettyWithoutAdapterConformanceTest implements WebSocketConformance, HangingUpgradeConformance {
    private final ConformanceContext context = new ConformanceContext(
            proxy -> JettyServers.startWithoutAdapter("a Jetty class changed (test)", proxy));

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
