package dev.devproxy.tomcat;

import dev.devproxy.testkit.ProxyServer;

/**
 * {@link TomcatUpgradeTest} with the browser's socket kept on Tomcat's connector: Tomcat's own upgrade interface
 * holds no thread while a socket is slow whether or not the socket is handed over.
 */
class TomcatIoUpgradeTest extends TomcatUpgradeTest {
    @Override
    ProxyServer server() {
        return TomcatServers::startWithTomcatIo;
    }
}
