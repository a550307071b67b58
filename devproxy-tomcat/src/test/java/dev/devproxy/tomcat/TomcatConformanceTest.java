package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import dev.devproxy.testkit.conformance.DevProxyConformance;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

/**
 * The whole conformance suite on embedded Tomcat: Tomcat 11 in this module, Tomcat 10.1 in
 * conformance-tomcat10, which runs this very class on its own class path.
 */
class TomcatConformanceTest implements DevProxyConformance, ByteRelayConformance {
    private final ConformanceContext context = new ConformanceContext(TomcatServers::start);

    @Override
    public ConformanceContext conformance() {
        return context;
    }

    @Test
    void runsOnTheTomcatTheBuildAskedFor() {
        String expected = System.getProperty("devproxy.expectedTomcat");
        assertThat(expected).as("system property devproxy.expectedTomcat, set by the module's surefire").isNotNull();
        assertThat(ServerInfo.getServerNumber()).startsWith(expected + ".");
    }
}
