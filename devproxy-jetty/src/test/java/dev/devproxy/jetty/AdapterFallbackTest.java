package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.CapturedLogs;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the Jetty adapter does when the probe it runs at install finds Jetty's classes changed: it says so once, at
 * WARN, naming what is missing, and WebSockets still work, relayed through Jetty's own WebSocket server. Without a
 * problem, nothing is said and the byte relay takes the socket over (the upstream sees the browser's own key).
 */
class AdapterFallbackTest {

    @Test
    void aFailedProbeIsSaidOnceAndWebSocketsGoThroughJettysOwnServer() throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
                ConformanceContext context = new ConformanceContext(
                        proxy -> JettyServers.startWithoutAdapter("HttpStream has no field UPGRADE_X", proxy))) {
            assertThat(ByteRelayConformance.upstreamSeesTheBrowsersKey(context)).as("relayed as frames").isFalse();
            List<String> warnings = logs.lines().stream().filter(line -> line.contains("cannot take WebSocket")).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("HttpStream has no field UPGRADE_X")
                    .contains("relays them through Jetty's own WebSocket server");
        }
    }

    @Test
    void onThisJettyTheProbeFindsNothingAndTheByteRelayTakesTheSocketOver() throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
                ConformanceContext context = new ConformanceContext(JettyServers::start)) {
            assertThat(ByteRelayConformance.upstreamSeesTheBrowsersKey(context)).as("relayed as bytes").isTrue();
            assertThat(logs.lines()).noneMatch(line -> line.contains("cannot take WebSocket"));
        }
    }
}
