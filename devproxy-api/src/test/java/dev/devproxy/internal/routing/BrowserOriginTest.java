package dev.devproxy.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrowserOriginTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "http, app.example.com, http://app.example.com",
        "http, App.Example.com:80, http://app.example.com",
        "https, app.example.com:443, https://app.example.com",
        "https, app.example.com:8443, https://app.example.com:8443",
        "http, [::1]:8080, http://[::1]:8080",
        "http, app.example.com:x, null",
        "http, app.example.com:70000, null",
        "http, app.example.com:65535, http://app.example.com:65535",
        "http, app.example.com:65536, null",
        "http, app.example.com:00080, http://app.example.com",
        "http, app.example.com:0, null",
        "http, app.example.com:, null",
        "http, app.example.com:+80, null",
        "http, app.example.com:8a, null",
        "http, app.example.com:123456, null",
        "http, user@app.example.com, null",
        "http, '', null"})
    void anAuthorityGivesTheSerialisedOriginWithTheDefaultPortLeftOut(String scheme, String authority, String origin) {
        assertThat(BrowserOrigin.parse(scheme, authority).map(BrowserOrigin::toString)).isEqualTo(Optional.ofNullable(origin));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "https://ws1.ide.example.com, https://ws1.ide.example.com",
        "HTTPS://WS1.ide.example.com:443/, https://ws1.ide.example.com",
        "null, null",
        "null-origin, null",
        "file://x, null",
        "chrome-extension://abc, null"})
    void anOriginHeaderNamesAnHttpOriginOrNone(String header, String origin) {
        String value = "null-origin".equals(header) ? "null" : header;
        assertThat(BrowserOrigin.ofOriginHeader(value).map(BrowserOrigin::toString)).isEqualTo(Optional.ofNullable(origin));
    }

    @Test
    void anApplicationOriginTakesWhatItDoesNotNameFromTheWorkspaceRequest() {
        BrowserOrigin workspaceRequest = new BrowserOrigin("https", "ws1.ide.example.com", 8443);
        assertThat(ApplicationOrigin.parse("app.example.com").resolve(workspaceRequest))
                .hasToString("https://app.example.com:8443");
        assertThat(ApplicationOrigin.parse("http://app.example.com").resolve(workspaceRequest))
                .hasToString("http://app.example.com");
        assertThat(ApplicationOrigin.parse("app.example.com:9000").resolve(workspaceRequest))
                .hasToString("https://app.example.com:9000");
    }
}
