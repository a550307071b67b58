package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.Target;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.RecordedRequest;
import dev.devproxy.testkit.ScriptedUpstream;
import dev.devproxy.testkit.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The header policy, end to end (the rules themselves are unit-tested table by table). */
public interface HeaderConformance extends Conformance {

    @Test
    default void upstreamSeesTheBrowserHostAndOurForwardingHeadersNotTheClients() throws Exception {
        ConformanceContext c = conformance();
        c.get("/__ide/alpha/x", "Cookie: " + c.sessionCookie("alpha"), "Host: ide.example.com",
                "X-Forwarded-For: 6.6.6.6", "X-Forwarded-Host: evil.example", "Forwarded: for=6.6.6.6",
                "Origin: https://ide.example.com");
        RecordedRequest seen = c.alpha().lastRequest();
        assertThat(seen.header("Host")).isEqualTo("ide.example.com");
        assertThat(seen.headers("X-Forwarded-Host")).containsExactly("ide.example.com");
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.header("X-Forwarded-Prefix")).isEqualTo("/__ide/alpha");
        assertThat(seen.header("Forwarded")).isNull();
        assertThat(seen.header("Origin")).isEqualTo("https://ide.example.com");
    }

    /**
     * Nothing reaches the upstream that the browser did not send, beyond the documented forwarding headers: no
     * {@code User-Agent} or {@code Accept-Encoding} of the proxy's HTTP client, no {@code Content-Type} it would
     * default a body to.
     */
    @Test
    default void theUpstreamGetsNothingTheBrowserDidNotSendButTheForwardingHeaders() throws Exception {
        ConformanceContext c = conformance();
        try (ScriptedUpstream upstream = ScriptedUpstream.start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok")) {
            c.resolver().put("raw", Target.strip(upstream.uri()));
            String cookie = c.sessionCookie("raw");
            String host = "Host: 127.0.0.1:" + c.port() + "\r\n";
            assertThat(c.raw("GET /__ide/raw/x HTTP/1.1\r\n" + host + "Cookie: " + cookie
                    + "\r\nConnection: close\r\n\r\n").status()).isEqualTo(200);
            assertThat(c.raw("POST /__ide/raw/x HTTP/1.1\r\n" + host + "Cookie: " + cookie
                    + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello").status()).isEqualTo(200);
            assertThat(upstream.received()).hasSize(2);
            assertThat(upstream.received().get(0).headerNames()).containsExactlyInAnyOrder("host",
                    "x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "x-forwarded-prefix");
            assertThat(upstream.received().get(1).headerNames()).containsExactlyInAnyOrder("host", "content-length",
                    "x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "x-forwarded-prefix");
        }
    }

    /**
     * A proxied response carries one {@code Server} and one {@code Date}: the upstream's, in place of the container's
     * own (Jetty adds both to every response); and where the upstream sends no {@code Server}, none, rather than one
     * naming the host's container and its version.
     */
    @Test
    default void proxiedResponsesCarryTheUpstreamsServerAndDateOnceAndNeverTheContainersServer() throws Exception {
        ConformanceContext c = conformance();
        String date = "Mon, 01 Jan 2024 00:00:00 GMT";
        TestResponse withBoth = scripted(c, "HTTP/1.1 200 OK\r\nServer: upstream-app/1.0\r\nDate: " + date
                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        assertThat(withBoth.headers("Server")).containsExactly("upstream-app/1.0");
        assertThat(withBoth.headers("Date")).containsExactly(date);
        TestResponse withNeither = scripted(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        assertThat(withNeither.headers("Server")).isEmpty();
        assertThat(withNeither.headers("Date")).hasSize(1);
    }

    /** {@code HeaderPolicy.ServerHeader.CONTAINER}: the container's own {@code Server}, if any, never the upstream's. */
    @Test
    default void theContainersServerHeaderIsAnIntegratorsChoice() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.headerPolicy(HeaderPolicy.builder()
                .serverHeader(HeaderPolicy.ServerHeader.CONTAINER).build()));
        TestResponse response = scripted(c, "HTTP/1.1 200 OK\r\nServer: upstream-app/1.0\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok");
        assertThat(response.headers("Server")).hasSizeLessThanOrEqualTo(1).doesNotContain("upstream-app/1.0");
        assertThat(response.headers("Date")).hasSize(1);
    }

    /** A GET to a raw upstream that answers {@code answer}, as the browser sees it. */
    private static TestResponse scripted(ConformanceContext c, String answer) throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(answer)) {
            c.resolver().put("raw", Target.strip(upstream.uri()));
            TestResponse response = c.get("/__ide/raw/x", "Cookie: " + c.sessionCookie("raw"));
            assertThat(response.status()).isEqualTo(200);
            return response;
        }
    }

    @Test
    default void ourSessionCookieNeverReachesTheUpstreamButTheAppsCookiesDo() throws Exception {
        ConformanceContext c = conformance();
        c.get("/__ide/alpha/x", "Cookie: theme=dark; " + c.sessionCookie("alpha") + "; lang=en");
        assertThat(c.alpha().lastRequest().header("Cookie")).isEqualTo("theme=dark; lang=en");
    }

    @Test
    default void hostApplicationCookiesThePolicyWithholdsNeverReachTheUpstream() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.headerPolicy(
                dev.devproxy.HeaderPolicy.builder().withholdCookie("JSESSIONID").build()));
        c.get("/__ide/alpha/x", "Cookie: JSESSIONID=host-session; theme=dark; " + c.sessionCookie("alpha"));
        assertThat(c.alpha().lastRequest().header("Cookie")).isEqualTo("theme=dark");
    }

    @Test
    default void hopByHopHeadersAreNotForwarded() throws Exception {
        ConformanceContext c = conformance();
        c.get("/__ide/alpha/x", "Cookie: " + c.sessionCookie("alpha"), "Connection: X-Secret-Hop",
                "X-Secret-Hop: 1", "Proxy-Authorization: Basic Zm9vOmJhcg==");
        RecordedRequest seen = c.alpha().lastRequest();
        assertThat(seen.header("X-Secret-Hop")).isNull();
        assertThat(seen.header("Proxy-Authorization")).isNull();
    }

    @Test
    default void redirectsToTheUpstreamOriginOrAnAbsolutePathStayInTheTunnel() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        String upstream = c.alpha().uri().toString();
        assertThat(respond(c, cookie, "Location:" + upstream + "/login?next=%2F").header("Location"))
                .isEqualTo("/__ide/alpha/login?next=%2F");
        assertThat(respond(c, cookie, "Location:/tree").header("Location")).isEqualTo("/__ide/alpha/tree");
        assertThat(respond(c, cookie, "Location:relative/path").header("Location"))
                .isEqualTo("/__ide/alpha/relative/path");
        assertThat(respond(c, cookie, "Location:https://accounts.example.com/").header("Location"))
                .isEqualTo("https://accounts.example.com/");
    }

    /**
     * A {@code Location} relative to the request, or with an {@code http:} and no authority, is resolved against the
     * request before it is mapped: left as it was, the browser resolved {@code x/../../../api} against its own URL,
     * out of the tunnel into the host application, and read {@code http:/evil.example} as a path of the host's origin
     * or as a host.
     */
    @Test
    default void relativeRedirectsAreResolvedAgainstTheRequestAndStayInTheTunnel() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        assertThat(respondFrom(c, cookie, "/respond/a/b", "Location:x/../../../../api").header("Location"))
                .isEqualTo("/__ide/alpha/api");
        assertThat(respondFrom(c, cookie, "/respond/a/b", "Location:c?d=1").header("Location"))
                .isEqualTo("/__ide/alpha/respond/a/c?d=1");
        assertThat(respondFrom(c, cookie, "/respond/a/b", "Location:http:/evil.example").header("Location"))
                .isEqualTo("/__ide/alpha/evil.example");
        assertThat(respondFrom(c, cookie, "/respond/a/b", "Location:https:evil.example").header("Location"))
                .isEqualTo("/__ide/alpha/respond/a/evil.example");
    }

    @Test
    default void upstreamCookiesAreScopedToTheWorkspaceAndCannotReplaceOurs() throws Exception {
        ConformanceContext c = conformance();
        String cookie = c.sessionCookie("alpha");
        TestResponse response = respond(c, cookie, "Set-Cookie:key=v; Path=/; Domain=example.com; HttpOnly",
                "Set-Cookie:devproxy_session=hijack; Path=/");
        assertThat(response.headers("Set-Cookie")).containsExactly("key=v; Path=/__ide/alpha/; HttpOnly");
    }

    @Test
    default void serviceWorkerScopeIsClampedIntoTheWorkspace() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = respond(c, c.sessionCookie("alpha"), "Service-Worker-Allowed:/");
        assertThat(response.header("Service-Worker-Allowed")).isEqualTo("/__ide/alpha/");
    }

    private static TestResponse respond(ConformanceContext c, String cookie, String... headers) throws Exception {
        return respondFrom(c, cookie, "/respond", headers);
    }

    /** A 302 with {@code headers} from alpha's {@code upstreamPath} ({@code /respond} or below it). */
    private static TestResponse respondFrom(ConformanceContext c, String cookie, String upstreamPath, String... headers)
            throws Exception {
        StringBuilder query = new StringBuilder("status=302");
        for (String header : headers) {
            query.append("&h=").append(URLEncoder.encode(header, StandardCharsets.UTF_8));
        }
        return c.get("/__ide/alpha" + upstreamPath + "?" + query, "Cookie: " + cookie);
    }
}
