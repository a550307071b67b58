package dev.devproxy.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.internal.routing.BrowserOrigin;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandshakeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void aWellFormedHandshakeIsValid() {
        assertThat(Handshake.isValid("GET", true, "13", KEY)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "POST, true, 13, dGhlIHNhbXBsZSBub25jZQ==",
        "GET, false, 13, dGhlIHNhbXBsZSBub25jZQ==",
        "GET, true, 8, dGhlIHNhbXBsZSBub25jZQ==",
        "GET, true, null, dGhlIHNhbXBsZSBub25jZQ==",
        "GET, true, 13, null",
        "GET, true, 13, short",
        "GET, true, 13, '!!!!!!!!!!!!!!!!!!!!!!=='",
        "GET, true, 13, dGhlIHNhbXBsZSBub25jZQ"})
    void malformedHandshakesAreInvalid(String method, boolean upgrade, String version, String key) {
        assertThat(Handshake.isValid(method, upgrade, version, key)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"HTTP/1.1, true", "HTTP/2.0, true", "HTTP/2, true", "HTTP/1.0, false",
        "HTTP/0.9, false", "HTTP/1, false", "null, false", "SPDY/3, false", "HTTP/x.1, false"})
    void onlyHttp11OrLaterMayUpgrade(String protocol, boolean mayUpgrade) {
        assertThat(Handshake.isHttp11OrLater(protocol)).isEqualTo(mayUpgrade);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        // origin, the request's scheme, its Host header, bearer, allowed?
        "http://app.example.com:8080, http, app.example.com:8080, false, true",
        "https://App.Example.com, https, app.example.com, false, true",
        "https://app.example.com:443, https, app.example.com, false, true",
        "http://app.example.com, http, app.example.com:80, false, true",
        // Issue 26, finding 12: the scheme counts (RFC 6454 §5); an https page does not open an http socket's origin.
        "https://app.example.com:8080, http, app.example.com:8080, false, false",
        "http://app.example.com, https, app.example.com, false, false",
        "https://app.example.com, https, app.example.com:8443, false, false",
        "http://evil.example, http, app.example.com, false, false",
        "http://app.example.com.evil.example, http, app.example.com, false, false",
        "null, http, app.example.com, false, false",
        "null, http, app.example.com, true, true",
        "null-origin, http, app.example.com, true, false",
        "file://x, http, app.example.com, false, false",
        "https://portal.example.com, https, api.example.com, false, true",
        "https://portal.example.com:443, http, api.example.com, false, true",
        "http://[::1]:8080, http, [::1]:8080, false, true"})
    void originMustEqualTheRequestsOwnOriginOrTheAllowList(String origin, String scheme, String host, boolean bearer,
            boolean allowed) {
        BrowserOrigin requestOrigin = BrowserOrigin.parse(scheme, host).orElseThrow();
        assertThat(Handshake.originAllowed(origin, requestOrigin, bearer, Set.of("https://portal.example.com")))
                .isEqualTo(allowed);
    }
}
