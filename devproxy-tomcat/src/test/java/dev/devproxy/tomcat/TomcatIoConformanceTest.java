package dev.devproxy.tomcat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import dev.devproxy.testkit.conformance.HangingUpgradeConformance;
import dev.devproxy.testkit.conformance.WebSocketConformance;

/**
 * The WebSocket conformance suites on Tomcat with the browser's socket read and written through Tomcat's connector
 * after the upgrade ({@link TomcatDevProxy.WebSocketIo#TOMCAT}) instead of handed over to devproxy's
 * relay loop: what a TLS socket or another connector gets, and what the context parameter keeps.
 */
class TomcatIoConformanceTest implements WebSocketConformance, HangingUpgradeConformance, ByteRelayConformance {
    private final ConformanceContext context = new ConformanceContext(TomcatServers::startWithTomcatIo);

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
