package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.DevProxy;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.TestTokens;
import dev.devproxy.testkit.conformance.DevProxyConformance;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/** The whole conformance suite on embedded Jetty 12 (ee10). */
class JettyConformanceTest implements DevProxyConformance {
    private final ConformanceContext context = new ConformanceContext(JettyServers::start);

    @Override
    public ConformanceContext conformance() {
        return context;
    }

    /** Jetty 12.1's Servlet upgrade does not deliver upgraded bytes, so the byte relay is refused up front. */
    @Test
    void theByteRelayIsRefusedAtInstallWithTheWayOut() {
        DevProxy proxy = DevProxy.builder().resolver(new FixedResolver()).tokens(TestTokens.tokens())
                .webSocket(WebSocketSettings.builder().relaying(WebSocketSettings.Relaying.BYTES).build()).build();
        assertThatThrownBy(() -> JettyDevProxy.install(new ServletContextHandler("/"), proxy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BYTES").hasMessageContaining("AUTO").hasMessageContaining("FRAMES");
    }
}
