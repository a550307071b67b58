package dev.devproxy.tomcat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import dev.devproxy.testkit.conformance.HangingUpgradeConformance;
import dev.devproxy.testkit.conformance.WebSocketConformance;

/**
 * The WebSocket conformance suites on Tomcat with the byte relay's browser side on the Servlet API's upgraded
 * streams ({@code UpgradedBrowser}) instead of Tomcat's own upgrade interface, which the adapter asks for: the
 * Servlet API's path is what the engine falls back to where that interface is missing, so it stays proven.
 */
class TomcatServletUpgradeConformanceTest implements WebSocketConformance, HangingUpgradeConformance, ByteRelayConformance {
    private final ConformanceContext context = new ConformanceContext(TomcatServers::startWithServletUpgrade);

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
