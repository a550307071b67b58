package dev.devproxy.jetty;

import dev.devproxy.WebSocketSettings;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.WebSocketConformance;

/**
 * The WebSocket conformance suite on Jetty with {@link WebSocketSettings.Relaying#FRAMES}: Jetty relays bytes by
 * default, so this keeps the frame relay proven on Jetty's Jakarta WebSocket container too.
 */
class JettyFrameRelayConformanceTest implements WebSocketConformance {
    private final ConformanceContext context = new ConformanceContext(JettyServers::start)
            .relaying(WebSocketSettings.Relaying.FRAMES);

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
