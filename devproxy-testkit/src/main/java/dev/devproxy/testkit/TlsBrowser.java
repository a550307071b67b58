package dev.devproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.WorkspaceId;
import java.io.IOException;
import javax.net.ssl.SSLSocket;

/**
 * A browser spoken by hand over TLS, to a proxy under test whose connector presents a {@link SelfSignedCertificate}:
 * the launch (bootstrap) request and a WebSocket, each on a TLS socket of its own.
 */
public final class TlsBrowser {
    private final SelfSignedCertificate certificate;
    private final int port;

    /** A browser of pages at {@code https://127.0.0.1:<port>}. */
    public TlsBrowser(SelfSignedCertificate certificate, int port) {
        this.certificate = certificate;
        this.port = port;
    }

    /** Follows {@code proxy}'s launch URL for {@code workspace}; asserts a 303 with a Secure cookie and returns it. */
    public String launch(DevProxy proxy, String workspace) throws IOException {
        String url = proxy.issueLaunch(ConformanceContext.SUBJECT, WorkspaceId.of(workspace)).url();
        try (SSLSocket socket = certificate.connect(port)) {
            TestResponse response = RawHttp.send(socket, "GET " + url + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(response.status()).isEqualTo(303);
            String setCookie = response.header("Set-Cookie");
            assertThat(setCookie).as("the session cookie over HTTPS").contains("Secure");
            return setCookie.substring(0, setCookie.indexOf(';'));
        }
    }

    /** A WebSocket to {@code path} with {@code cookie}, from a page of this origin; the 101 asserted. */
    public RawWebSocket openSocket(String path, String cookie) throws IOException {
        SSLSocket socket = certificate.connect(port);
        try {
            return RawWebSocket.over(socket, path, "https://127.0.0.1:" + port, cookie, new byte[0]);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }
}
