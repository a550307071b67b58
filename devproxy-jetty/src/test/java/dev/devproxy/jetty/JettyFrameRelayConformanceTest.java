package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.WebSocketSettings;
import dev.devproxy.testkit.BareClose;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.HangingUpgradeConformance;
import dev.devproxy.testkit.conformance.WebSocketConformance;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket conformance suite on Jetty with {@link WebSocketSettings.Relaying#FRAMES}: Jetty relays bytes by
 * default, so this keeps the frame relay proven on Jetty's Jakarta WebSocket container too.
 */
class JettyFrameRelayConformanceTest implements WebSocketConformance, HangingUpgradeConformance {
    private final ConformanceContext context = new ConformanceContext(JettyServers::start)
            .relaying(WebSocketSettings.Relaying.FRAMES);

    @Override
    public ConformanceContext conformance() {
        return context;
    }

    /** Jetty's Jakarta server reports a close without a code as 1005, and the relay sends it on without one. */
    @Test
    void aBrowserCloseWithoutAStatusCodeReachesTheUpstreamWithoutOne() throws Exception {
        assertThat(BareClose.fromBrowserAsTheUpstreamSawIt(context)).isEqualTo(1005);
    }
}
