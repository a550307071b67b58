package dev.devproxy.tomcat;

import dev.devproxy.WebSocketSettings;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.WebSocketConformance;

/**
 * The WebSocket conformance suite on Tomcat with {@link WebSocketSettings.Relaying#FRAMES}: Tomcat relays bytes
 * by default, so this keeps the frame relay proven on Tomcat's Jakarta WebSocket container too.
 */
class TomcatFrameRelayConformanceTest implements WebSocketConformance {
    private final ConformanceContext context = new ConformanceContext(TomcatServers::start)
            .relaying(WebSocketSettings.Relaying.FRAMES);

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
