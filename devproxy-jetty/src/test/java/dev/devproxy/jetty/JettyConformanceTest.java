package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import dev.devproxy.testkit.conformance.DevProxyConformance;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;

/**
 * The whole conformance suite on embedded Jetty 12 (ee10): the build's Jetty in this module, the oldest supported
 * one in conformance-matrix/jetty-oldest, which runs this very class on its own class path.
 */
class JettyConformanceTest implements DevProxyConformance, ByteRelayConformance {
    private final ConformanceContext context = new ConformanceContext(JettyServers::start);

    @Override
    public ConformanceContext conformance() {
        return context;
    }

    /** The server and the engine's own HTTP client (devproxy-api's), both of the version the build asked for. */
    @Test
    void runsOnTheJettyTheBuildAskedFor() {
        String expected = System.getProperty("devproxy.expectedJetty");
        assertThat(expected).as("system property devproxy.expectedJetty, set by the module's surefire").isNotNull();
        assertThat(Jetty.VERSION).isEqualTo(expected);
        assertThat(Server.getVersion()).isEqualTo(expected);
        assertThat(HttpClient.class.getPackage().getImplementationVersion()).as("jetty-client").isEqualTo(expected);
    }
}
