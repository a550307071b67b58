package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.RawWebSocket;
import dev.devproxy.testkit.RecordingListener;
import dev.devproxy.testkit.SelfSignedCertificate;
import dev.devproxy.testkit.TestTokens;
import dev.devproxy.testkit.TlsBrowser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket through devproxy on a TLS connector of Jetty. The browser's endpoint is Jetty's TLS one, which keeps
 * Jetty's I/O (devproxy's relay loop reads plain sockets only), and the upstream's socket is on the relay loop: the
 * pair is relayed across both kinds of wire, and released.
 */
class JettyTlsWebSocketTest {
    private SelfSignedCertificate certificate;
    private FakeUpstream upstream;
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (certificate != null) {
            certificate.close();
        }
    }

    @Test
    void aWebSocketOverTlsIsRelayedBothWaysAndReleased() throws Exception {
        certificate = SelfSignedCertificate.create();
        upstream = FakeUpstream.start("alpha");
        RecordingListener events = new RecordingListener();
        DevProxy proxy = DevProxy.builder().routing(Routing.sharedOrigin()).launchBinding(LaunchBinding.NONE).resolver(new FixedResolver().put("alpha", Target.strip(upstream.uri())))
                .tokens(TestTokens.tokens()).listener(events).build(); // a Secure cookie, as over HTTPS
        TlsBrowser browser = new TlsBrowser(certificate, start(proxy));
        String cookie = browser.launch(proxy, "alpha");
        try (RawWebSocket raw = browser.openSocket("/__ide/alpha/ws/echo", cookie)) {
            for (int i = 0; i < 50; i++) {
                byte[] text = ("over TLS " + i).getBytes(StandardCharsets.UTF_8);
                raw.out().write(RawWebSocket.maskedFrame(0x1, text));
                raw.out().flush();
                assertThat(raw.readFrame()).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text));
            }
            raw.out().write(RawWebSocket.maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8})); // close 1000
            raw.out().flush();
            byte[] close = raw.readFrame();
            assertThat(close[0] & 0x0F).as("opcode").isEqualTo(0x8);
            assertThat(raw.in().read()).as("the proxy closed the connection").isEqualTo(-1);
        }
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
        SocketClosed closed = events.of(SocketClosed.class).get(0);
        assertThat(closed.browserToUpstreamMessages()).isEqualTo(50);
        assertThat(closed.upstreamToBrowserMessages()).isEqualTo(50);
    }

    private int start(DevProxy proxy) throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(certificate.keystore().toString());
        tls.setKeyStorePassword(certificate.password());
        tls.setKeyStoreType("PKCS12");
        server = new Server();
        ServerConnector connector = new ServerConnector(server, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JettyDevProxy.install(context, proxy);
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }
}
