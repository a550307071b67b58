package dev.devproxy.jetty;

import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.SelfSignedCertificate;
import dev.devproxy.testkit.conformance.TlsOnBothSidesConformance;

/** {@link TlsOnBothSidesConformance} on Jetty: the browser's TLS endpoint keeps Jetty's I/O. */
class JettyTlsConformanceTest extends TlsOnBothSidesConformance {
    @Override
    protected ProxyServer server(SelfSignedCertificate certificate) {
        return proxy -> JettyServers.startTls(certificate, proxy);
    }
}
