package dev.devproxy.testkit.conformance;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The WebSocket and byte-relay conformance suites with TLS on both sides: the browser speaks TLS to the container's
 * connector and devproxy dials its upstreams over {@code https://} and {@code wss://} (Jetty's TLS on the upstream
 * side), trusting their certificate through the JVM's default trust store, as an application whose containers present
 * a private CA's certificates would. An adapter's test extends it with {@link #server}, a server whose connector
 * presents the given certificate.
 */
public abstract class TlsOnBothSidesConformance implements WebSocketConformance, ByteRelayConformance {
    private static SelfSignedCertificate certificate;
    private static AutoCloseable trusted;

    private final ConformanceContext context = new ConformanceContext(proxy -> server(certificate).start(proxy))
            .browserOverTls(certificate)
            .upstreamsOverTls(certificate);

    /** Makes the certificate of both sides, trusted by this JVM until {@link #deleteCertificate}. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.create();
        trusted = certificate.trustedByThisJvm();
    }

    /** Stops trusting the certificate and deletes it. */
    @AfterAll
    static void deleteCertificate() throws Exception {
        trusted.close();
        certificate.close();
    }

    /** The server under test, on a TLS connector presenting {@code certificate}. */
    protected abstract ProxyServer server(SelfSignedCertificate certificate);

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
