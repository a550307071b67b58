package dev.devproxy.tomcat;

import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.SelfSignedCertificate;
import dev.devproxy.testkit.conformance.TlsOnBothSidesConformance;

/**
 * {@link TlsOnBothSidesConformance} on Tomcat: the adapter leaves the browser's TLS socket to Tomcat's own I/O.
 */
class TomcatTlsConformanceTest extends TlsOnBothSidesConformance {
    @Override
    protected ProxyServer server(SelfSignedCertificate certificate) {
        return proxy -> TomcatServers.start(TomcatServers.Wiring.HAND_OVER, TomcatServers.tls(certificate), proxy);
    }
}
