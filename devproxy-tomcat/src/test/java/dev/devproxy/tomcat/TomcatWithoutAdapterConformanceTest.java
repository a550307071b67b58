package dev.devproxy.tomcat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.HangingUpgradeConformance;
import dev.devproxy.testkit.conformance.WebSocketConformance;

/**
 * The WebSocket conformance suites on Tomcat as the adapter leaves it when its install-time probe finds Tomcat's
 * classes changed: no {@code ContainerAdapter}, so WebSockets are relayed through Tomcat's own WebSocket server (the
 * frame relay), with the same behaviour.
 */
class TomcatWithoutAdapterConformanceTest implements WebSocketConformance, HangingUpgradeConformance {
    private final ConformanceContext context = new ConformanceContext(TomcatServers::startWithoutAdapter);

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
