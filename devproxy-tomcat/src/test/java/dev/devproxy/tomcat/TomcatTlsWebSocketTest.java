package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.RawWebSocket;
import dev.devproxy.testkit.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket through devproxy on a TLS connector of Tomcat. Its socket is not handed over to devproxy's selector
 * (Tomcat's TLS engine reads and writes it): it stays on Tomcat's connector, and is relayed there.
 */
class TomcatTlsWebSocketTest {
    private static final char[] PASSWORD = "devproxy-test".toCharArray();
    private static final int ROUND_TRIPS = 50;

    private static Path keys;

    private FakeUpstream upstream;
    private DevProxy proxy;
    private TomcatServers.Started tomcat;

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        keys = Files.createTempDirectory("devproxy-tls");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "tomcat", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore().toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as("keytool: " + output).isZero();
    }

    @AfterAll
    static void deleteCertificate() throws IOException {
        TomcatServers.delete(keys);
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
        proxy = DevProxy.builder().resolver(new FixedResolver().put("alpha", Target.strip(upstream.uri())))
                .tokens(TestTokens.tokens()).build(); // a Secure cookie, as over HTTPS
        tomcat = TomcatServers.start(TomcatServers.Wiring.HAND_OVER, TomcatTlsWebSocketTest::tls, proxy);
        String cookie = bootstrap();
        ThreadPoolExecutor workers = (ThreadPoolExecutor) tomcat.connector().getProtocolHandler().getExecutor();
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String key = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /__ide/alpha/ws/echo HTTP/1.1\r\nHost: " + authority() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key + "\r\n"
                    + "Origin: https://" + authority() + "\r\nCookie: " + cookie + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(RawWebSocket.readHead(in)).startsWith("HTTP/1.1 101");
            long before = workers.getCompletedTaskCount();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                byte[] text = ("over TLS " + i).getBytes(StandardCharsets.UTF_8);
                out.write(RawWebSocket.maskedFrame(0x1, text));
                out.flush();
                assertThat(in.readNBytes(2 + text.length)).isEqualTo(RawWebSocket.unmaskedFrame(0x1, text));
            }
            Await.until(() -> workers.getActiveCount() == 0, Duration.ofSeconds(5), "Tomcat's workers idle");
            assertThat(workers.getCompletedTaskCount() - before)
                    .as("reads Tomcat's workers made for %d messages over TLS", ROUND_TRIPS)
                    .isGreaterThanOrEqualTo(ROUND_TRIPS);
        }
        Await.until(() -> proxy.openSockets() == 0, Duration.ofSeconds(10), "the pair released");
    }

    private static void tls(Connector connector) {
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
        certificate.setCertificateKeystoreFile(keystore().toString());
        certificate.setCertificateKeystorePassword(new String(PASSWORD));
        certificate.setCertificateKeystoreType("PKCS12");
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
    }

    // The launch URL over TLS: 303 with the session cookie.
    private String bootstrap() throws Exception {
        String url = proxy.issueLaunch("alice", WorkspaceId.of("alpha")).url();
        try (SSLSocket socket = connect()) {
            socket.getOutputStream().write(("GET " + url + " HTTP/1.1\r\nHost: " + authority()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String head = RawWebSocket.readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 303");
            Matcher cookie = Pattern.compile("(?im)^Set-Cookie: ([^;]+);.*Secure").matcher(head);
            assertThat(cookie.find()).as("a Secure session cookie in " + head).isTrue();
            return cookie.group(1);
        }
    }

    private SSLSocket connect() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore())) {
            trusted.load(in, PASSWORD);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", tomcat.connector().getLocalPort());
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private String authority() {
        return "127.0.0.1:" + tomcat.connector().getLocalPort();
    }

    private static Path keystore() {
        return keys.resolve("keystore.p12");
    }
}
