package dev.devproxy.jetty;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import dev.devproxy.testkit.conformance.DevProxyConformance;

/** The whole conformance suite on embedded Jetty 12 (ee10). */
class JettyConformanceTest implements DevProxyConformance, ByteRelayConformance {
    private final ConformanceContext context = new ConformanceContext(JettyServers::start);

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
