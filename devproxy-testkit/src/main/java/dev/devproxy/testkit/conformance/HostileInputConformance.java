package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.TestResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Paths and headers crafted to confuse parsers. Whatever the container does first, a request with
 * alpha's cookie must never reach beta's upstream, and every answer is a 4xx.
 */
public interface HostileInputConformance extends Conformance {

    @ParameterizedTest
    @ValueSource(strings = {"/__ide/alpha/../beta/small", "/__ide/alpha/%2e%2e/beta/small",
        "/__ide/alpha/%2E%2E/beta/small", "/__ide/alpha/.%2e/beta/small", "/__ide/alpha/%2fbeta/small",
        "/__ide/alpha/..%2fbeta/small", "/__ide/alpha;x=1/small", "/__ide/alpha/small;jsessionid=1",
        "/__ide/alpha/%5c..%5cbeta/small", "/__ide/alpha/./small"})
    default void ambiguousPathsAreRefusedAndNeverReachAnotherWorkspace(String path) throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        TestResponse response = c.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie
                + "\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(c.beta().requests()).isEmpty();
        assertThat(c.alpha().requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/__ide/", "/__ide", "/__ide/-bad/", "/__ide/a%20b/", "/__ide/%61lpha/small"})
    default void pathsWithoutAValidWorkspaceAre404(String path) throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(404);
        assertThat(c.resolver().calls()).isZero();
    }

    @Test
    default void oversizedHeadersAreRefusedBeforeAnythingIsProxied() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        TestResponse response = c.raw("GET /__ide/alpha/small HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie
                + "\r\nX-Big: " + "x".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        // The container's HTTP parser refuses it before any filter or servlet runs, so devproxy cannot choose
        // the status: Jetty answers 431 (RFC 6585 §5), Tomcat 400 (it has no 431). See the README.
        assertThat(response.status()).isIn(400, 431);
        assertThat(c.alpha().requests()).isEmpty();
    }

    @Test
    default void headerInjectionThroughTheQueryDoesNotSplitTheUpstreamRequest() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.get("/__ide/alpha/x?a=%0d%0aX-Injected:%201", "Cookie: " + c.sessionCookie("alpha"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(c.alpha().lastRequest().header("X-Injected")).isNull();
        assertThat(c.alpha().lastRequest().rawQuery()).isEqualTo("a=%0d%0aX-Injected:%201");
    }
}
