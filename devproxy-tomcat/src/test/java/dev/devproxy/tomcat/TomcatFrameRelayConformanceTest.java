package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.WebSocketSettings;
import dev.devproxy.testkit.BareClose;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.HangingUpgradeConformance;
import dev.devproxy.testkit.conformance.WebSocketConformance;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket conformance suite on Tomcat with {@link WebSocketSettings.Relaying#FRAMES}: Tomcat relays bytes
 * by default, so this keeps the frame relay proven on Tomcat's Jakarta WebSocket container too.
 */
class TomcatFrameRelayConformanceTest implements WebSocketConformance, HangingUpgradeConformance {
    private final ConformanceContext context = new ConformanceContext(TomcatServers::start)
            .relaying(WebSocketSettings.Relaying.FRAMES);

    @Override
    public ConformanceContext conformance() {
        return context;
    }

    /**
     * Pins a limit of the frame relay on Tomcat: Tomcat's Jakarta server reports a browser's close frame without a code
     * as 1000 (normal closure), so that is what the upstream is told; the byte relay, Tomcat's default, keeps it
     * without a code (ByteRelayConformance). The other way, the frame relay tells the browser 1000 on every container:
     * the Jakarta API has no close without a code.
     */
    @Test
    void aBrowserCloseWithoutAStatusCodeReachesTheUpstreamAs1000() throws Exception {
        assertThat(BareClose.fromBrowserAsTheUpstreamSawIt(context)).isEqualTo(1000);
    }
}
