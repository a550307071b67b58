package dev.devproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.Caller;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.spi.IssuedCredential;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExchangeTest {
    private static final WorkspaceId WORKSPACE = WorkspaceId.of("ws-1");

    @ParameterizedTest
    @CsvSource({
        "http://10.0.3.17:8080, http://10.0.3.17:8080, ws://10.0.3.17:8080, /static/app.js",
        "HTTP://10.0.3.17:8080/, http://10.0.3.17:8080, ws://10.0.3.17:8080, /static/app.js",
        "https://ide.internal, https://ide.internal, wss://ide.internal, /static/app.js",
        "http://10.0.3.17:8080/base/, http://10.0.3.17:8080, ws://10.0.3.17:8080, /base/static/app.js",
        "https://[::1]:8443/a%20b, https://[::1]:8443, wss://[::1]:8443, /a%20b/static/app.js"})
    void theUpstreamOriginIsTheTargetsSchemeAndAuthorityAlone(String base, String http, String webSocket, String path) {
        Exchange exchange = exchangeTo(Target.strip(URI.create(base)));

        assertThat(exchange.upstreamOrigin(false)).hasToString(http);
        assertThat(exchange.upstreamOrigin(true)).hasToString(webSocket);
        assertThat(exchange.upstreamOrigin(false).getRawPath()).isEmpty();
        assertThat(exchange.upstreamPath()).isEqualTo(path);
    }

    private static Exchange exchangeTo(Target target) {
        return new Exchange(WORKSPACE, new Caller("alice", WORKSPACE, Instant.now().plusSeconds(3600)),
                new IssuedCredential("credential", "alice", WORKSPACE, Instant.now()), false, target,
                HeaderPolicy.defaults(), "/__ide/ws-1", "/static/app.js", null,
                new BrowserOrigin("https", "app.example.com", 443), System.nanoTime());
    }
}
