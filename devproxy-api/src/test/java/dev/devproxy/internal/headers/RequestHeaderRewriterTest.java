package dev.devproxy.internal.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.HeaderPolicy.ForwardedHeaders;
import dev.devproxy.HeaderPolicy.HostHeader;
import dev.devproxy.PathMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeaderRewriterTest {
    private static final String COOKIE = "devproxy_session";

    /** A mutable recipe for a {@link RequestContext}, starting from a typical browser request. */
    private static final class Ctx {
        HeaderPolicy policy = HeaderPolicy.defaults();
        PathMode pathMode = PathMode.STRIP;
        String browserHost = "app.example.com:8443";
        String clientAddress = "203.0.113.7";
        boolean authorizationIsOurs;
        boolean webSocket;

        RequestContext build() {
            return new RequestContext(policy, pathMode, "10.0.0.5:8080", browserHost, "https", clientAddress,
                    "/ctx/__ide/ws1", COOKIE, authorizationIsOurs, webSocket);
        }
    }

    private static HeaderList rewrite(HeaderList clientToProxy) {
        return RequestHeaderRewriter.rewrite(clientToProxy, new Ctx().build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization",
        "Proxy-Authenticate", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "keep-alive", "UPGRADE"})
    void hopByHopHeadersAreDropped(String name) {
        HeaderList proxyToUpstream = rewrite(HeaderList.of("Accept", "*/*", name, "x"));

        assertThat(proxyToUpstream.contains(name)).isFalse();
        assertThat(proxyToUpstream.first("Accept")).contains("*/*");
    }

    @Test
    void expectIsAnsweredByTheProxyAndNotForwarded() {
        HeaderList proxyToUpstream = rewrite(HeaderList.of("Expect", "100-continue", "Content-Length", "5"));

        assertThat(proxyToUpstream.contains("Expect")).isFalse();
        assertThat(proxyToUpstream.first("Content-Length")).contains("5");
    }

    @Test
    void headersNamedInAnyConnectionHeaderAreDropped() {
        HeaderList proxyToUpstream = rewrite(HeaderList.of(
                "Connection", "keep-alive, X-Hop",
                "Connection", " x-other ,",
                "X-HOP", "1",
                "X-Other", "2",
                "X-Kept", "3"));

        assertThat(proxyToUpstream.contains("X-Hop")).isFalse();
        assertThat(proxyToUpstream.contains("X-Other")).isFalse();
        assertThat(proxyToUpstream.first("X-Kept")).contains("3");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Accept",
        "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "sec-websocket-key"})
    void webSocketHandshakeHeadersAreDroppedForWebSocketsOnly(String name) {
        HeaderList clientToProxy = HeaderList.of(name, "v", "Sec-WebSocket-Other", "kept");
        Ctx ctx = new Ctx();
        ctx.webSocket = true;

        HeaderList upgrade = RequestHeaderRewriter.rewrite(clientToProxy, ctx.build());
        HeaderList plain = rewrite(clientToProxy);

        assertThat(upgrade.contains(name)).isFalse();
        assertThat(upgrade.first("Sec-WebSocket-Other")).contains("kept");
        assertThat(plain.first(name)).contains("v");
    }

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({
        "Forwarded, ADD", "X-Forwarded-Port, ADD", "X-Forwarded-Server, ADD", "X-Real-IP, ADD",
        "Forwarded, STRIP", "X-Forwarded-For, STRIP", "X-Forwarded-Host, STRIP", "X-Forwarded-Proto, STRIP",
        "X-Forwarded-Port, STRIP", "X-Forwarded-Prefix, STRIP", "X-Forwarded-Server, STRIP", "X-Real-IP, STRIP",
        "x-real-ip, STRIP"})
    void clientForwardingHeadersNeverReachTheUpstream(String name, ForwardedHeaders forwarded) {
        Ctx ctx = new Ctx();
        ctx.policy = HeaderPolicy.builder().forwardedHeaders(forwarded).build();

        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(HeaderList.of(name, "spoofed"), ctx.build());

        assertThat(proxyToUpstream.all(name)).doesNotContain("spoofed");
    }

    @Test
    void clientForwardingHeadersAreReplacedNotAppended() {
        HeaderList proxyToUpstream = rewrite(HeaderList.of(
                "X-Forwarded-For", "198.51.100.1",
                "X-Forwarded-Host", "evil.example",
                "X-Forwarded-Proto", "http",
                "X-Forwarded-Prefix", "/elsewhere"));

        assertThat(proxyToUpstream.all("X-Forwarded-For")).containsExactly("203.0.113.7");
        assertThat(proxyToUpstream.all("X-Forwarded-Host")).containsExactly("app.example.com:8443");
        assertThat(proxyToUpstream.all("X-Forwarded-Proto")).containsExactly("https");
        assertThat(proxyToUpstream.all("X-Forwarded-Prefix")).containsExactly("/ctx/__ide/ws1");
    }

    @ParameterizedTest(name = "{0} with browser host {1} sends Host {2}")
    @CsvSource(nullValues = "null", value = {
        "PRESERVE, app.example.com:8443, app.example.com:8443",
        "PRESERVE, null,                 10.0.0.5:8080",
        "PRESERVE, '',                   10.0.0.5:8080",
        "TARGET,   app.example.com:8443, 10.0.0.5:8080",
        "TARGET,   null,                 10.0.0.5:8080"})
    void hostFollowsThePolicy(HostHeader host, String browserHost, String expected) {
        Ctx ctx = new Ctx();
        ctx.policy = HeaderPolicy.builder().hostHeader(host).build();
        ctx.browserHost = browserHost;

        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(
                HeaderList.of("Accept", "*/*", "Host", "client.example", "host", "second.example"), ctx.build());

        assertThat(proxyToUpstream.all("Host")).containsExactly(expected);
        assertThat(proxyToUpstream.entries().get(0).getKey()).isEqualTo("Host");
    }

    @ParameterizedTest(name = "{0} mode sends prefix {1}")
    @CsvSource(nullValues = "null", value = {"STRIP, /ctx/__ide/ws1", "PRESERVE, null"})
    void addedForwardingHeadersCarryThePrefixOnlyInStripMode(PathMode mode, String expectedPrefix) {
        Ctx ctx = new Ctx();
        ctx.pathMode = mode;

        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(HeaderList.of("Accept", "*/*"), ctx.build());

        assertThat(proxyToUpstream.first("X-Forwarded-Host")).contains("app.example.com:8443");
        assertThat(proxyToUpstream.first("X-Forwarded-Proto")).contains("https");
        assertThat(proxyToUpstream.first("X-Forwarded-For")).contains("203.0.113.7");
        assertThat(proxyToUpstream.first("X-Forwarded-Prefix").orElse(null)).isEqualTo(expectedPrefix);
    }

    @Test
    void addedForwardingHeadersSkipWhatIsUnknown() {
        Ctx ctx = new Ctx();
        ctx.browserHost = null;
        ctx.clientAddress = null;

        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(new HeaderList(), ctx.build());

        assertThat(proxyToUpstream.contains("X-Forwarded-Host")).isFalse();
        assertThat(proxyToUpstream.contains("X-Forwarded-For")).isFalse();
        assertThat(proxyToUpstream.first("X-Forwarded-Proto")).contains("https");
    }

    @Test
    void stripPolicySendsNoForwardingHeaders() {
        Ctx ctx = new Ctx();
        ctx.policy = HeaderPolicy.builder().forwardedHeaders(ForwardedHeaders.STRIP).build();

        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(HeaderList.of("Accept", "*/*"), ctx.build());

        assertThat(proxyToUpstream.names()).containsExactly("Host", "Accept");
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "GONE", value = {
        "a=1; devproxy_session=tok; b=2        | a=1; b=2",
        "devproxy_session=tok                  | GONE",
        "devproxy_session=tok;                 | GONE",
        "a=1;devproxy_session=tok;b=2          | a=1; b=2",
        "a=1;   devproxy_session=tok           | a=1",
        "a=1; devproxy_session=t1; devproxy_session=t2 | a=1",
        "DEVPROXY_SESSION=tok; a=1             | a=1",
        "flag; devproxy_session=tok; b=2       | flag; b=2",
        "devproxy_session; a=1                 | a=1",
        "a=x=y; devproxy_session=tok           | a=x=y",
        "a=1;b=2                               | a=1;b=2",
        // devproxy's launch cookies (<name>_binding, <name>_launch) and the __Host- form of a workspace's own origin
        // are devproxy's too: the whole <name>_* family is withheld, look-alikes with other prefixes are not.
        "devproxy_session_x=1; x_devproxy_session=2 | x_devproxy_session=2",
        "__Host-devproxy_session=t; __Host-devproxy_session_binding=b; __Secure-devproxy_session_launch=l; c=3 | c=3",
        "devproxy_sessionx=1; a=1              | devproxy_sessionx=1; a=1"})
    void ourCookieIsRemovedAndTheRestKeptInOrder(String cookie, String expected) {
        HeaderList proxyToUpstream = rewrite(HeaderList.of("Cookie", cookie));

        assertThat(proxyToUpstream.first("Cookie").orElse(null)).isEqualTo(expected);
    }

    @Test
    void hostAppCookiesThePolicyWithholdsAreRemovedToo() {
        Ctx ctx = new Ctx();
        ctx.policy = HeaderPolicy.builder().withholdCookie("JSESSIONID").build();
        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(
                HeaderList.of("Cookie", "jsessionid=host; theme=dark; devproxy_session=tok"), ctx.build());
        assertThat(proxyToUpstream.all("Cookie")).containsExactly("theme=dark");
    }

    @Test
    void everyCookieHeaderIsFilteredAndOneWithOnlyOurCookieDisappears() {
        HeaderList proxyToUpstream = rewrite(HeaderList.of(
                "Cookie", "a=1",
                "Accept", "*/*",
                "Cookie", "devproxy_session=tok",
                "Cookie", "b=2; devproxy_session=tok; c=3"));

        assertThat(proxyToUpstream.all("Cookie")).containsExactly("a=1", "b=2; c=3");
        assertThat(proxyToUpstream.names()).containsSubsequence("Cookie", "Accept");
    }

    @ParameterizedTest(name = "authorization is ours: {0}")
    @CsvSource(nullValues = "null", value = {"false, Bearer app-token", "true, null"})
    void authorizationPassesUnlessItWasOurToken(boolean ours, String expected) {
        Ctx ctx = new Ctx();
        ctx.authorizationIsOurs = ours;

        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(
                HeaderList.of("Authorization", "Bearer app-token"), ctx.build());

        assertThat(proxyToUpstream.first("Authorization").orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "host {0}, web socket {1}")
    @CsvSource({"PRESERVE, false", "PRESERVE, true", "TARGET, false", "TARGET, true"})
    void originIsNeverChangedOrAdded(HostHeader host, boolean webSocket) {
        Ctx ctx = new Ctx();
        ctx.policy = HeaderPolicy.builder().hostHeader(host).build();
        ctx.webSocket = webSocket;

        HeaderList withOrigin = RequestHeaderRewriter.rewrite(
                HeaderList.of("Origin", "https://elsewhere.example"), ctx.build());
        HeaderList withoutOrigin = RequestHeaderRewriter.rewrite(new HeaderList(), ctx.build());

        assertThat(withOrigin.all("Origin")).containsExactly("https://elsewhere.example");
        assertThat(withoutOrigin.contains("Origin")).isFalse();
    }

    @Test
    void everythingElsePassesInOrderWithDuplicatesHostFirstAndForwardingLast() {
        HeaderList clientToProxy = HeaderList.of(
                "Accept", "text/html",
                "X-Custom", "1",
                "Connection", "keep-alive",
                "Host", "app.example.com:8443",
                "x-custom", "2",
                "Cookie", "a=1",
                "Origin", "https://app.example.com:8443",
                "Accept-Language", "en");

        HeaderList proxyToUpstream = RequestHeaderRewriter.rewrite(clientToProxy, new Ctx().build());

        assertThat(proxyToUpstream).isEqualTo(HeaderList.of(
                "Host", "app.example.com:8443",
                "Accept", "text/html",
                "X-Custom", "1",
                "x-custom", "2",
                "Cookie", "a=1",
                "Origin", "https://app.example.com:8443",
                "Accept-Language", "en",
                "X-Forwarded-Host", "app.example.com:8443",
                "X-Forwarded-Proto", "https",
                "X-Forwarded-For", "203.0.113.7",
                "X-Forwarded-Prefix", "/ctx/__ide/ws1"));
        assertThat(clientToProxy.size()).as("input untouched").isEqualTo(8);
    }

    @ParameterizedTest(name = "tunnel base [{0}]")
    @ValueSource(strings = {"ctx/__ide/ws1", "/ctx/__ide/ws1/", "//evil/__ide/ws1", "/"})
    void contextRejectsAMalformedTunnelBase(String tunnelBase) {
        assertThatThrownBy(() -> new RequestContext(HeaderPolicy.defaults(), PathMode.STRIP, "h:80", null, "http",
                null, tunnelBase, COOKIE, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tunnelBase");
    }

    @Test
    void anEmptyTunnelBaseIsAWorkspaceAtTheRootOfItsOrigin() {
        RequestContext root = new RequestContext(HeaderPolicy.defaults(), PathMode.STRIP, "h:80", null, "http", null,
                "", COOKIE, false, false);
        assertThat(root.tunnelBase()).isEmpty();
    }
}
