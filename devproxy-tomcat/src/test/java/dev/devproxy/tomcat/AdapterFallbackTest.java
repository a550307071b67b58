package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.CapturedLogs;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import dev.devproxy.tomcat.internal.TomcatAdapter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the Tomcat adapter does when the probe it runs at install finds Tomcat's classes changed: it says so once, at
 * WARN, naming what is missing, and WebSockets still work, through Tomcat's own I/O (only the hand-over is missing)
 * or Tomcat's own WebSocket server (the upgrade interface is). On this Tomcat the probe finds nothing.
 */
class AdapterFallbackTest {

    @Test
    void onThisTomcatTheProbeFindsNothingMissing() {
        assertThat(TomcatAdapter.probe(true)).isPresent();
        assertThat(TomcatAdapter.upgradeProblem()).isEmpty();
        assertThat(TomcatAdapter.handOverProblem()).isEmpty();
    }

    @Test
    void withoutTomcatsUpgradeInterfaceWebSocketsGoThroughTomcatsOwnServer() throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
                ConformanceContext context = new ConformanceContext(proxy -> TomcatServers.start(
                        () -> TomcatAdapter.probe(true, Optional.of("InternalHttpUpgradeHandler grew (test)"),
                                Optional.empty()), proxy))) {
            assertThat(ByteRelayConformance.upstreamSeesTheBrowsersKey(context)).as("relayed as frames").isFalse();
            List<String> warnings = warnings(logs);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("InternalHttpUpgradeHandler grew (test)")
                    .contains("relays them through Tomcat's own WebSocket server");
        }
    }

    @Test
    void withoutWhatTheHandOverNeedsSocketsStayOnTomcatsIo() throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
                ConformanceContext context = new ConformanceContext(proxy -> TomcatServers.start(
                        () -> TomcatAdapter.probe(true, Optional.empty(),
                                Optional.of("NioChannel has no method getIOChannel() (test)")), proxy))) {
            assertThat(ByteRelayConformance.upstreamSeesTheBrowsersKey(context)).as("still relayed as bytes").isTrue();
            List<String> warnings = warnings(logs);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("NioChannel has no method getIOChannel() (test)")
                    .contains("Tomcat reads and writes them");
        }
    }

    private static List<String> warnings(CapturedLogs logs) {
        return logs.lines().stream().filter(line -> line.startsWith("devproxy cannot")).toList();
    }
}
