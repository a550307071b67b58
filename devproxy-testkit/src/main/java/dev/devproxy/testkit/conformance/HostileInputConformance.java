package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.Target;
import dev.devproxy.testkit.CapturedLogs;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.ScriptedUpstream;
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

    /**
     * TRACE echoes the request, cookies and all, back to whoever can read the response (cross-site tracing): the tunnel
     * refuses it with 405 instead of forwarding it (RFC 9110 §9.3.8 lets a proxy refuse it). Tomcat's connector refuses
     * it too, before devproxy sees it, unless its {@code allowTrace} is on.
     */
    @Test
    default void traceIsRefusedWith405AndNeverForwarded() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.raw("TRACE /__ide/alpha/x HTTP/1.1\r\nHost: 127.0.0.1:" + c.port() + "\r\nCookie: "
                + c.sessionCookie("alpha") + "\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isNotNull().doesNotContain("TRACE");
        assertThat(c.alpha().requests()).isEmpty();
    }

    /**
     * Percent signs that start no valid escape are sent unencoded by browsers (the URL standard's query encoding
     * leaves {@code %} alone), and every container passes them on: the upstream gets the query byte for byte, the
     * browser gets the upstream's answer, and no log line carries the query (an app's own secrets travel there,
     * Jupyter's {@code ?token=} among them).
     */
    @ParameterizedTest
    @ValueSource(strings = {"a=%zz", "a=1%", "a=%", "a=%E0%A4%A", "a=%%41"})
    default void queriesWithBrokenPercentEncodingReachTheUpstreamByteForByte(String query) throws Exception {
        ConformanceContext c = conformance();
        try (ScriptedUpstream upstream = ScriptedUpstream.start(ok())) {
            String cookie = prepare(c, upstream);
            String sent = query + "&token=query-secret-4f1";
            try (CapturedLogs logs = new CapturedLogs()) {
                TestResponse response = rawGet(c, "/__ide/raw/x?" + sent, cookie);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("ok");
                assertThat(upstream.received()).extracting(ScriptedUpstream.Received::requestLine)
                        .containsExactly("GET /x?" + sent + " HTTP/1.1");
                assertThat(logs.lines()).as("log lines with the query").noneMatch(line -> line.contains("query-secret"));
            }
        }
    }

    /**
     * Characters that browsers leave unencoded in a query ({@code |{}^`\<}, WHATWG URL's query percent-encode set
     * spares them) are either forwarded byte for byte, or refused by the container's own parser before devproxy runs
     * (Tomcat answers 400 with its own error page unless its connector's {@code relaxedQueryChars} allows them;
     * see the README). Never a 500, and devproxy logs no query.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a=|", "a={}", "a=^", "a=`", "a=\\", "a=<b"})
    default void queryCharactersBrowsersLeaveUnencodedAreForwardedByteForByteOrRefusedByTheContainer(String query)
            throws Exception {
        ConformanceContext c = conformance();
        try (ScriptedUpstream upstream = ScriptedUpstream.start(ok())) {
            String cookie = prepare(c, upstream);
            String sent = query + "&token=query-secret-4f1";
            try (CapturedLogs logs = new CapturedLogs()) {
                TestResponse response = rawGet(c, "/__ide/raw/x?" + sent, cookie);
                if (response.status() == 400) {
                    // The container's own page and log lines, written before devproxy saw the request.
                    assertThat(upstream.received()).as("refused by the container: nothing reached the upstream").isEmpty();
                    return;
                }
                assertThat(response.status()).isEqualTo(200);
                assertThat(upstream.received()).extracting(ScriptedUpstream.Received::requestLine)
                        .containsExactly("GET /x?" + sent + " HTTP/1.1");
                assertThat(logs.lines()).as("log lines with the query").noneMatch(line -> line.contains("query-secret"));
            }
        }
    }

    /** A 200 with a two-byte body, the connection closed after it. */
    private static String ok() {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    }

    /** Maps workspace {@code raw} to {@code upstream} and returns its session cookie. */
    private static String prepare(ConformanceContext c, ScriptedUpstream upstream) throws Exception {
        c.resolver().put("raw", Target.strip(upstream.uri()));
        return c.sessionCookie("raw");
    }

    private static TestResponse rawGet(ConformanceContext c, String target, String cookie) throws Exception {
        return c.raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + c.port() + "\r\nCookie: " + cookie
                + "\r\nConnection: close\r\n\r\n");
    }
}
