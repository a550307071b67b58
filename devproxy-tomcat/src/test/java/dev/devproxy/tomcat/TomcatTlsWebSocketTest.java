package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.RawWebSocket;
import dev.devproxy.testkit.SelfSignedCertificate;
import dev.devproxy.testkit.TestTokens;
import dev.devproxy.testkit.TlsBrowser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket through devproxy on a TLS connector of Tomcat. Its socket is not handed over to devproxy's relay loop
 * (Tomcat's TLS engine reads and writes it): it stays on Tomcat's connector, and is relayed there.
 */
class TomcatTlsWebSocketTest {
    private static final int ROUND_TRIPS = 50;

    private static SelfSignedCertificate certificate;

    private FakeUpstream upstream;
    private DevProxy proxy;
    private TomcatServers.Started tomcat;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.create();
    }

    @AfterAll
    static void deleteCertificate() throws Exception {
        certificate.close();
    }

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aWebSocketOverTlsIsRelayedAndStaysOnTomcatsConnector() throws Exception {
        upstream = FakeUpstream.start("alpha");
        proxy = DevProxy.builder().routing(Routing.sharedOrigin()).launchBinding(LaunchBinding.NONE).resolver(new FixedResolver().put("alpha", Target.strip(upstream.uri())))
                .tokens(TestTokens.tokens()).build(); // a Secure cookie, as over HTTPS
        tomcat = TomcatServers.start(TomcatServers.Wiring.HAND_OVER, TomcatServers.tls(certificate), proxy);
        TlsBrowser browser = new TlsBrowser(certificate, tomcat.connector().getLocalPort());
        String cookie = browser.launch(proxy, "alpha");
        ThreadPoolExecutor workers = (ThreadPoolExecutor) tomcat.connector().getProtocolHandler().getExecutor();
        try (RawWebSocket raw = browser.openSocket("/__ide/alpha/ws/echo", cookie)) {
            long before = workers.getCompletedTaskCount();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                byte[] text = ("over TLS " + i).getBytes(StandardCharsets.UTF_8);
                raw.out().write(RawWebSocket.maskedFrame(0x1, text));
                raw.out().flush();
                assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text));
            }
            Await.until(() -> workers.getActiveCount() == 0, Duration.ofSeconds(5), "Tomcat's workers idle");
            assertThat(workers.getCompletedTaskCount() - before)
                    .as("reads Tomcat's workers made for %d messages over TLS", ROUND_TRIPS)
                    .isGreaterThanOrEqualTo(ROUND_TRIPS);
        }
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
    }
}
