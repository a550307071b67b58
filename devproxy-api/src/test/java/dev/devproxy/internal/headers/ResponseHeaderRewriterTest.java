package dev.devproxy.internal.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.HeaderPolicy.ServiceWorkerScope;
import dev.devproxy.PathMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseHeaderRewriterTest {
    private static final String TUNNEL = "/ctx/__ide/ws1";
    private static final String COOKIE = "devproxy_session";

    private static ResponseContext ctx(PathMode mode, String basePath) {
        return ctx(ServiceWorkerScope.CLAMP, mode, basePath, "http://10.0.0.5:8080");
    }

    private static ResponseContext ctx(ServiceWorkerScope scope, PathMode mode, String basePath, String origin) {
        HeaderPolicy policy = HeaderPolicy.builder().serviceWorkerScope(scope).build();
        return new ResponseContext(policy, mode, origin, basePath == null ? "" : basePath, TUNNEL, COOKIE);
    }

    @ParameterizedTest(name = "{0} base [{1}]: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        // the upstream's own absolute URLs come back through the tunnel, query and fragment raw
        "STRIP    |       | http://10.0.0.5:8080/login?next=%2Fa&b=1#top | /ctx/__ide/ws1/login?next=%2Fa&b=1#top",
        "STRIP    |       | http://10.0.0.5:8080                          | /ctx/__ide/ws1/",
        "STRIP    |       | http://10.0.0.5:8080?q=1                      | /ctx/__ide/ws1/?q=1",
        "STRIP    |       | HTTP://10.0.0.5:8080/x                        | /ctx/__ide/ws1/x",
        "STRIP    |       | http://user@10.0.0.5:8080/x                   | /ctx/__ide/ws1/x",
        "STRIP    |       | //10.0.0.5:8080/x?q#f                         | /ctx/__ide/ws1/x?q#f",
        // other origins and unparseable values pass unchanged
        "STRIP    |       | http://other.example/x                        | http://other.example/x",
        "STRIP    |       | https://10.0.0.5:8080/x                       | https://10.0.0.5:8080/x",
        "STRIP    |       | http://10.0.0.5:9090/x                        | http://10.0.0.5:9090/x",
        "STRIP    |       | //other.example/x                             | //other.example/x",
        // browsers read a backslash as '/', so these are scheme-relative or path-absolute too
        "STRIP    |       | /\\10.0.0.5:8080/x                           | /ctx/__ide/ws1/x",
        "STRIP    |       | \\\\10.0.0.5:8080/x                          | /ctx/__ide/ws1/x",
        "STRIP    |       | /\\other.example/x                           | /\\other.example/x",
        "STRIP    |       | \\x\\y                                       | /ctx/__ide/ws1/x/y",
        // relative references are resolved against the request (here the upstream's root) first
        "STRIP    |       | x/y                                           | /ctx/__ide/ws1/x/y",
        "STRIP    |       | ../x                                          | /ctx/__ide/ws1/x",
        "STRIP    |       | ?q=1                                          | ?q=1",
        "STRIP    |       | http:/evil.example/x                          | /ctx/__ide/ws1/evil.example/x",
        "STRIP    |       | https:evil.example                            | /ctx/__ide/ws1/evil.example",
        "STRIP    |       | http:\\\\10.0.0.5:8080/x                      | /ctx/__ide/ws1/x",
        "STRIP    |       | http:\\\\other.example/x                     | http:\\\\other.example/x",
        "STRIP    |       | mailto:someone@example.com                    | mailto:someone@example.com",
        "STRIP    |       | http://[::1/x                                 | http://[::1/x",
        "STRIP    |       | http://10.0.0.5:99999/x                       | http://10.0.0.5:99999/x",
        // path-absolute references are mapped in both modes
        "STRIP    |       | /x?q=1#f                                      | /ctx/__ide/ws1/x?q=1#f",
        "STRIP    |       | /                                             | /ctx/__ide/ws1/",
        "STRIP    |       | /ctx/__ide/ws1/x                              | /ctx/__ide/ws1/ctx/__ide/ws1/x",
        "STRIP    |       | /a/../../../admin                             | /ctx/__ide/ws1/admin",
        "PRESERVE |       | /ctx/__ide/ws1/lab?x=1                        | /ctx/__ide/ws1/lab?x=1",
        "PRESERVE |       | /ctx/__ide/ws1                                | /ctx/__ide/ws1",
        "PRESERVE |       | /lab                                          | /ctx/__ide/ws1/lab",
        "PRESERVE |       | /ctx/__ide/ws10/x                             | /ctx/__ide/ws1/ctx/__ide/ws10/x",
        "PRESERVE |       | /ctx/__ide/ws1/../ws2/                        | /ctx/__ide/ws1/ctx/__ide/ws2/",
        "PRESERVE |       | http://10.0.0.5:8080/ctx/__ide/ws1/tree#x     | /ctx/__ide/ws1/tree#x",
        // the target's base path is removed first
        "STRIP    | /base | /base/x?y                                     | /ctx/__ide/ws1/x?y",
        "STRIP    | /base | /base                                         | /ctx/__ide/ws1/",
        "STRIP    | /base | /basement                                     | /ctx/__ide/ws1/basement",
        "STRIP    | /base | http://10.0.0.5:8080/base/x                   | /ctx/__ide/ws1/x",
        "PRESERVE | /base | /base/ctx/__ide/ws1/x                         | /ctx/__ide/ws1/x"})
    void locationPointingAtTheUpstreamIsMappedIntoTheTunnel(PathMode mode, String base, String location,
            String expected) {
        assertThat(ResponseHeaderRewriter.rewrite("Location", location, ctx(mode, base))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} base [{1}] request {2}: {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        // resolved against the request's directory (RFC 3986 §5.2), dot segments and all, then mapped
        "STRIP    |       | /a/b/c          | x/../../../api       | /ctx/__ide/ws1/api",
        "STRIP    |       | /a/b/c          | d?x=1#f              | /ctx/__ide/ws1/a/b/d?x=1#f",
        "STRIP    |       | /a/b/           | ./d                  | /ctx/__ide/ws1/a/b/d",
        "STRIP    |       | /a/b/c          | ..\\..\\..\\x       | /ctx/__ide/ws1/x",
        "STRIP    |       | /a/b/c          | http:/evil.example   | /ctx/__ide/ws1/evil.example",
        "STRIP    |       | /a/b/c          | http:evil.example    | /ctx/__ide/ws1/a/b/evil.example",
        "STRIP    |       | /a/b/c          | #top                 | #top",
        "STRIP    | /base | /base/a/b       | ../../../x           | /ctx/__ide/ws1/x",
        "STRIP    | /base | /base/a/b       | c                    | /ctx/__ide/ws1/a/c",
        "PRESERVE |       | /ctx/__ide/ws1/tree/x | ../../../../../admin | /ctx/__ide/ws1/admin",
        "PRESERVE |       | /ctx/__ide/ws1/tree/x | y              | /ctx/__ide/ws1/tree/y"})
    void relativeLocationsAreResolvedAgainstTheRequestSoTheyStayInTheTunnel(PathMode mode, String base,
            String requestPath, String location, String expected) {
        ResponseContext ctx = new ResponseContext(HeaderPolicy.defaults(), mode, "http://10.0.0.5:8080",
                base == null ? "" : base, TUNNEL, COOKIE, requestPath);
        assertThat(ResponseHeaderRewriter.rewrite("Location", location, ctx)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "origin {0}: {1} -> {2}")
    @CsvSource({
        "http://10.0.0.5:80,   http://10.0.0.5/x,        /ctx/__ide/ws1/x",
        "http://10.0.0.5,      http://10.0.0.5:80/x,     /ctx/__ide/ws1/x",
        "http://10.0.0.5:80,   //10.0.0.5/x,             /ctx/__ide/ws1/x",
        "https://Upstream:443, https://upstream/x,       /ctx/__ide/ws1/x",
        "https://upstream:443, https://UPSTREAM:443/x,   /ctx/__ide/ws1/x",
        "https://upstream:443, http://upstream/x,        http://upstream/x",
        "http://[::1]:8080,    http://[::1]:8080/x,      /ctx/__ide/ws1/x",
        "http://[::1]:8080,    http://[::2]:8080/x,      http://[::2]:8080/x"})
    void locationOriginsCompareWithDefaultPortsFilledIn(String origin, String location, String expected) {
        ResponseContext ctx = ctx(ServiceWorkerScope.CLAMP, PathMode.STRIP, "", origin);

        assertThat(ResponseHeaderRewriter.rewrite("location", location, ctx)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} base [{1}]: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "STRIP    |       | sid=1                                      | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    |       | sid=1; Path=/                              | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    |       | sid=1;Path=/;HttpOnly                      | sid=1; Path=/ctx/__ide/ws1/; HttpOnly",
        "STRIP    |       | sid=1; Path=/app; HttpOnly                 | sid=1; Path=/ctx/__ide/ws1/app; HttpOnly",
        "STRIP    |       | sid=1; Domain=example.com; Path=/; Secure  | sid=1; Path=/ctx/__ide/ws1/; Secure",
        "STRIP    |       | sid=1; domain=.example.com                 | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    |       | sid=1; path=/x; SECURE; samesite=Lax       | sid=1; path=/ctx/__ide/ws1/x; SECURE; samesite=Lax",
        "STRIP    |       | sid=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60 | sid=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60; Path=/ctx/__ide/ws1/",
        "STRIP    |       | sid=1; Path=relative                       | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    |       | sid=1; Path=                               | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    |       | sid=1; Path=/../../                        | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    |       | sid=a=b; HttpOnly;                         | sid=a=b; HttpOnly; Path=/ctx/__ide/ws1/",
        "PRESERVE |       | sid=1; Path=/                              | sid=1; Path=/ctx/__ide/ws1/",
        "PRESERVE |       | sid=1; Path=/ctx/__ide/ws1/lab             | sid=1; Path=/ctx/__ide/ws1/lab",
        "PRESERVE |       | sid=1; Path=/ctx/__ide/ws1                 | sid=1; Path=/ctx/__ide/ws1",
        "PRESERVE |       | sid=1                                      | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    | /base | sid=1; Path=/base                          | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    | /base | sid=1; Path=/base/                         | sid=1; Path=/ctx/__ide/ws1/",
        "STRIP    | /base | sid=1; Path=/base/api                      | sid=1; Path=/ctx/__ide/ws1/api"})
    void upstreamCookiesAreScopedToTheTunnelWithoutDomain(PathMode mode, String base, String setCookie,
            String expected) {
        assertThat(ResponseHeaderRewriter.rewrite("Set-Cookie", setCookie, ctx(mode, base))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"devproxy_session=forged; Path=/", "DEVPROXY_SESSION=forged", " devproxy_session =x",
        "devproxy_session", "devproxy_session=; Max-Age=0"})
    void upstreamCannotSetOurSessionCookie(String setCookie) {
        assertThat(ResponseHeaderRewriter.rewrite("set-cookie", setCookie, ctx(PathMode.STRIP, ""))).isNull();
    }

    @ParameterizedTest(name = "{0} {1} base [{2}]: [{3}] -> [{4}]")
    @CsvSource(delimiter = '|', nullValues = "DROPPED", value = {
        "CLAMP | STRIP    |       | /                     | /ctx/__ide/ws1/",
        "CLAMP | STRIP    |       | /sub/                 | /ctx/__ide/ws1/sub/",
        "CLAMP | STRIP    |       | /sub                  | /ctx/__ide/ws1/sub",
        "CLAMP | STRIP    |       | https://evil.example/ | /ctx/__ide/ws1/",
        "CLAMP | STRIP    |       | //evil.example/       | /ctx/__ide/ws1/",
        "CLAMP | STRIP    |       | sub/                  | /ctx/__ide/ws1/",
        "CLAMP | STRIP    |       | /?x                   | /ctx/__ide/ws1/",
        "CLAMP | STRIP    |       | /../                  | /ctx/__ide/ws1/",
        "CLAMP | STRIP    |       | /%2E%2e/              | /ctx/__ide/ws1/",
        "CLAMP | STRIP    |       | /a\\..\\..\\          | /ctx/__ide/ws1/",
        "CLAMP | PRESERVE |       | /                     | /ctx/__ide/ws1/",
        "CLAMP | PRESERVE |       | /sub/                 | /ctx/__ide/ws1/sub/",
        "CLAMP | PRESERVE |       | /ctx/__ide/ws1/       | /ctx/__ide/ws1/",
        "CLAMP | PRESERVE |       | /ctx/__ide/ws1        | /ctx/__ide/ws1/",
        "CLAMP | PRESERVE |       | /ctx/__ide/ws1/../    | /ctx/__ide/ws1/ctx/__ide/",
        "CLAMP | STRIP    | /base | /base/                | /ctx/__ide/ws1/",
        "CLAMP | STRIP    | /base | /base/sub/            | /ctx/__ide/ws1/sub/",
        "STRIP | STRIP    |       | /                     | DROPPED",
        "STRIP | PRESERVE |       | /sub/                 | DROPPED",
        "PASS  | STRIP    |       | /                     | /",
        "PASS  | PRESERVE |       | /sub/                 | /sub/"})
    void serviceWorkerAllowedFollowsThePolicy(ServiceWorkerScope scope, PathMode mode, String base, String value,
            String expected) {
        ResponseContext ctx = ctx(scope, mode, base, "http://10.0.0.5:8080");

        assertThat(ResponseHeaderRewriter.rewrite("Service-Worker-Allowed", value, ctx)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "Content-Type     | text/html; charset=utf-8",
        "Content-Location | /x",
        "Link             | </static/app.css>; rel=preload",
        "Refresh          | 0; url=/x",
        "Cache-Control    | no-store",
        "Set-Cookie2      | a=1"})
    void otherHeadersPassUnchanged(String name, String value) {
        assertThat(ResponseHeaderRewriter.rewrite(name, value, ctx(PathMode.STRIP, ""))).isSameAs(value);
    }

    @ParameterizedTest(name = "{0} base [{1}]: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "STRIP    |       | /            | /ctx/__ide/ws1/",
        "STRIP    |       | /a/b         | /ctx/__ide/ws1/a/b",
        "STRIP    |       | /a/./b/      | /ctx/__ide/ws1/a/b/",
        "STRIP    |       | /a/..        | /ctx/__ide/ws1/",
        "STRIP    |       | //a          | /ctx/__ide/ws1//a",
        "STRIP    | /base | /base        | /ctx/__ide/ws1/",
        "STRIP    | /base | /base/       | /ctx/__ide/ws1/",
        "STRIP    | /base | /base/a      | /ctx/__ide/ws1/a",
        "STRIP    | /base | /based/a     | /ctx/__ide/ws1/based/a",
        "STRIP    | /base | /other       | /ctx/__ide/ws1/other",
        "PRESERVE | /base | /base/ctx/__ide/ws1/a | /ctx/__ide/ws1/a",
        "PRESERVE | /base | /ctx/__ide/ws1/a      | /ctx/__ide/ws1/a",
        "PRESERVE |       | /ctx/__ide/ws1x       | /ctx/__ide/ws1/ctx/__ide/ws1x"})
    void browserPathRemovesTheBasePathThenAppliesThePathMode(PathMode mode, String base, String upstream,
            String expected) {
        assertThat(ResponseHeaderRewriter.toBrowserPath(upstream, ctx(mode, base))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "relative", "http://10.0.0.5:8080/x"})
    void browserPathRefusesAnythingButAnAbsolutePath(String upstream) {
        assertThatThrownBy(() -> ResponseHeaderRewriter.toBrowserPath(upstream, ctx(PathMode.STRIP, "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "origin [{0}] base [{1}]")
    @CsvSource({"10.0.0.5:8080, ''", "ftp://10.0.0.5, ''", "http://, ''", "http://10.0.0.5, base",
        "http://10.0.0.5, /base/"})
    void contextRejectsAMalformedOriginOrBasePath(String origin, String base) {
        assertThatThrownBy(() -> ctx(ServiceWorkerScope.CLAMP, PathMode.STRIP, base, origin))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // The HTTP tunnel builds a context only for the names rewrites() admits: every other name must pass as it is.
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Location, true", "location, true", "SET-COOKIE, true", "Set-Cookie, true",
        "service-worker-allowed, true", "Content-Type, false", "Content-Location, false", "Set-Cookie2, false",
        "X-Location, false", "Cache-Control, false"})
    void onlyTheNamesItAdmitsAreEverRewritten(String name, boolean rewritten) {
        assertThat(ResponseHeaderRewriter.rewrites(name)).isEqualTo(rewritten);
        String value = "/x; Path=/; Domain=example.com";
        if (!rewritten) {
            assertThat(ResponseHeaderRewriter.rewrite(name, value, ctx(PathMode.STRIP, ""))).isSameAs(value);
        } else {
            assertThat(ResponseHeaderRewriter.rewrite(name, value, ctx(PathMode.STRIP, ""))).isNotEqualTo(value);
        }
    }
}
