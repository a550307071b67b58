package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.RawWebSocket;
import dev.devproxy.testkit.conformance.ByteRelayConformance;
import dev.devproxy.testkit.conformance.WebSocketConformance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.coyote.http11.Http11Nio2Protocol;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket and byte-relay conformance suites on Tomcat's NIO2 connector, with the adapter as an application
 * installs it: devproxy cannot take over an NIO2 socket (its relay loop adopts NIO channels only), so it falls back
 * to relaying on Tomcat's own I/O.
 */
class TomcatNio2ConformanceTest implements WebSocketConformance, ByteRelayConformance {
    private static final int ROUND_TRIPS = 50;

    private TomcatServers.Started tomcat;
    private final ConformanceContext context = new ConformanceContext(proxy -> {
        tomcat = TomcatServers.start(TomcatServers.Wiring.NIO2, connector -> { }, proxy);
        return tomcat;
    });

    @Override
    public ConformanceContext conformance() {
        return context;
    }

    /** Each message a browser sends is read by one of Tomcat's workers: the socket stayed on Tomcat's connector. */
    @Test
    void theBrowsersSocketStaysOnTomcatsNio2Connector() throws Exception {
        context.proxy();
        assertThat(tomcat.connector().getProtocolHandler()).isInstanceOf(Http11Nio2Protocol.class);
        ThreadPoolExecutor workers = (ThreadPoolExecutor) tomcat.connector().getProtocolHandler().getExecutor();
        try (RawWebSocket raw = RawWebSocket.open(context, "/__ide/alpha/ws/echo")) {
            long before = workers.getCompletedTaskCount();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                byte[] text = ("over NIO2 " + i).getBytes(StandardCharsets.UTF_8);
                raw.out().write(RawWebSocket.maskedFrame(0x1, text));
                raw.out().flush();
                assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text));
            }
            Await.until(() -> workers.getActiveCount() == 0, Duration.ofSeconds(5), "Tomcat's workers idle");
            assertThat(workers.getCompletedTaskCount() - before)
                    .as("reads Tomcat's workers made for %d messages", ROUND_TRIPS)
                    .isGreaterThanOrEqualTo(ROUND_TRIPS);
        }
    }
}
