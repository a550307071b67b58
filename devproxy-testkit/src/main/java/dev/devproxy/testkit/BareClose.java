package dev.devproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A browser that closes its socket with a close frame without a status code (a bare {@code close()}, RFC 6455
 * §5.5.1), for the tests of what the other side is told.
 */
public final class BareClose {
    private BareClose() {
    }

    /**
     * Opens alpha's echo socket through the proxy under test, sends a message, then a close frame with an empty body,
     * and returns the close code alpha's upstream reported: 1005 ("no status") when the close reached it without a
     * code, as it left the browser.
     */
    public static int fromBrowserAsTheUpstreamSawIt(ConformanceContext c) throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(c, "/__ide/alpha/ws/echo")) {
            byte[] text = "x".getBytes(StandardCharsets.UTF_8);
            raw.out().write(RawWebSocket.maskedFrame(0x1, text));
            raw.out().flush();
            assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text));
            raw.out().write(RawWebSocket.maskedFrame(0x8, new byte[0]));
            raw.out().flush();
            assertThat(raw.readFrame()[0] & 0x0F).as("the proxy's answer is a close").isEqualTo(0x8);
        }
        FakeUpstream alpha = c.alpha();
        Await.until(() -> !alpha.sockets().closeCodes().isEmpty(), Duration.ofSeconds(10), "the upstream's close");
        return alpha.sockets().closeCodes().get(0);
    }
}
