package dev.devproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.internal.ws.frames.CloseCodes;
import dev.devproxy.token.JwtTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Typed configuration is validated when it is built, with messages naming the field and the value. */
class ConfigurationTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static DevProxy.Builder minimal() {
        return DevProxy.builder().routing(Routing.hosts("{id}.ide.example.com", "app.example.com"))
                .resolver((w, c) -> Optional.empty()).tokens(JwtTokens.hmac(SECRET));
    }

    @Test
    void defaultsAreTheOnesTheFieldNotesConvergedOn() {
        DevProxy proxy = minimal().build();
        assertThat(Routing.sharedOrigin().tunnelPrefix()).contains("/__ide");
        assertThat(proxy.routing().reservedPrefix()).contains("/__devproxy");
        assertThat(proxy.bootstrapPrefix()).isEqualTo("/api/dev");
        assertThat(proxy.settings().launchBinding()).isEqualTo(LaunchBinding.BROWSER);
        assertThat(proxy.settings().tokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(proxy.settings().cookie().secure()).isTrue();
        assertThat(proxy.settings().cookie().sameSite()).isEqualTo(CookieSettings.SameSite.LAX);
        assertThat(proxy.settings().headerPolicy()).isEqualTo(HeaderPolicy.defaults());
        assertThat(proxy.settings().headerPolicy().serverHeader()).isEqualTo(HeaderPolicy.ServerHeader.UPSTREAM);
        assertThat(proxy.settings().webSocket().maxMessageSize()).isGreaterThanOrEqualTo(64L * 1024 * 1024);
        assertThat(proxy.settings().webSocket().pingInterval()).isPositive();
        assertThat(proxy.settings().webSocket().compression()).isEqualTo(WebSocketSettings.Compression.NONE);
        assertThat(proxy.settings().webSocket().toBuilder().compression(WebSocketSettings.Compression.PERMESSAGE_DEFLATE).build()
                .toBuilder().build().compression()).isEqualTo(WebSocketSettings.Compression.PERMESSAGE_DEFLATE);
        proxy.close();
    }

    @Test
    void headerPoliciesDifferingOnlyInTheServerHeaderAreNotEqual() {
        HeaderPolicy container = HeaderPolicy.builder().serverHeader(HeaderPolicy.ServerHeader.CONTAINER).build();
        assertThat(container).isNotEqualTo(HeaderPolicy.defaults());
        assertThat(container.toString()).contains("server=CONTAINER");
        assertThatThrownBy(() -> HeaderPolicy.builder().serverHeader(null)).hasMessageContaining("serverHeader");
    }

    @Test
    void requiredCollaboratorsAreNamedWhenMissing() {
        assertThatThrownBy(() -> DevProxy.builder().tokens(JwtTokens.hmac(SECRET)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resolver");
        assertThatThrownBy(() -> DevProxy.builder().resolver((w, c) -> Optional.empty()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tokenVerifier");
    }

    // Issue 23: the choice of origin decides what a workspace's content can reach, so it is never made silently.
    @Test
    void routingIsAChoiceTheIntegratorMakes() {
        assertThatThrownBy(() -> DevProxy.builder().resolver((w, c) -> Optional.empty()).tokens(JwtTokens.hmac(SECRET))
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("routing is required")
                .hasMessageContaining("Routing.hosts").hasMessageContaining("Routing.sharedOrigin");
        DevProxy proxy = minimal().routing(Routing.sharedOrigin()).build();
        assertThat(proxy.servesWorkspaceHosts()).isFalse();
        assertThat(proxy.tunnelServletMapping()).contains("/__ide/*");
        proxy.close();
        DevProxy hosts = minimal().build();
        assertThat(hosts.servesWorkspaceHosts()).isTrue();
        assertThat(hosts.tunnelServletMapping()).isEmpty();
        hosts.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ide.example.com", "{id}{id}.example.com", "x.{id}.example.com", "{id}", "{id}.",
        "https://{id}.example.com", "{id}.example.com/path", "{id}_x.example.com", "{id}.exa_mple.com",
        "{id}.example.com:0", "{id}.example.com:99999", "{id}.-bad.com"})
    void badWorkspaceHostPatternsAreRefusedSayingWhy(String pattern) {
        assertThatThrownBy(() -> Routing.hosts(pattern, "app.example.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workspace host pattern '" + pattern + "' is invalid");
    }

    @Test
    void hostRoutingNeedsAnApplicationHostOutsideThePattern() {
        assertThatThrownBy(() -> Routing.hosts("{id}.example.com", "app.example.com"))
                .hasMessageContaining("must not match the workspace host pattern");
        assertThatThrownBy(() -> Routing.hosts("{id}.ide.example.com", "ftp://app.example.com"))
                .hasMessageContaining("applicationHost");
        assertThatThrownBy(() -> Routing.hosts("{id}.ide.example.com", "app example"))
                .hasMessageContaining("applicationHost");
        assertThat(Routing.hosts("{id}--IDE.Example.com:8443", "HTTPS://App.Example.com/").toString())
                .isEqualTo("Routing.hosts({id}--ide.example.com:8443, https://app.example.com)");
        assertThatThrownBy(() -> Routing.sharedOrigin().reservedPrefix("/x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> minimal().trustedProxies("proxy.example.com")).hasMessageContaining("trustedProxies");
        assertThatThrownBy(() -> minimal().trustedProxies("10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> minimal().trustedProxies("300.1.1.1")).hasMessageContaining("trustedProxies");
    }

    @Test
    void aRootWorkspaceTakesNoRouting() {
        assertThatThrownBy(() -> minimal().rootWorkspace(WorkspaceId.of("ws")).build())
                .hasMessageContaining("takes no routing");
    }

    @Test
    void aTokenEndpointNeedsASigningKey() throws Exception {
        var keys = java.security.KeyPairGenerator.getInstance("EC");
        keys.initialize(256);
        var pair = keys.generateKeyPair();
        assertThatThrownBy(() -> minimal()
                .tokens(JwtTokens.es256Verifier((java.security.interfaces.ECPublicKey) pair.getPublic()))
                .launchAuthorizer((r, w) -> dev.devproxy.spi.LaunchDecision.forbidden()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("signing key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "__ide", "/__ide/", "/a//b", "/a/../b", "/a b", "/a?x"})
    void badPrefixesAreRefusedNamingTheField(String prefix) {
        assertThatThrownBy(() -> Routing.sharedOrigin(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tunnelPrefix");
    }

    @Test
    void overlappingPrefixesAreRefused() {
        assertThatThrownBy(() -> minimal().routing(Routing.sharedOrigin("/api")).bootstrapPrefix("/api/dev").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must not contain each other");
    }

    @Test
    void durationsAndSizesAreRangeChecked() {
        assertThatThrownBy(() -> minimal().tokenTtl(Duration.ofHours(2))).hasMessageContaining("tokenTtl");
        assertThatThrownBy(() -> minimal().sessionTtl(Duration.ofSeconds(5))).hasMessageContaining("sessionTtl");
        assertThatThrownBy(() -> minimal().connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> minimal().sessionSecret(new byte[8])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> WebSocketSettings.builder().maxMessageSize(10)).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> WebSocketSettings.builder().pingInterval(Duration.ofMinutes(20)).build())
                .hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> WebSocketSettings.builder().allowedOrigin("https://x.example/path"))
                .hasMessageContaining("allowedOrigin");
        assertThatThrownBy(() -> CookieSettings.builder().name("a b")).hasMessageContaining("cookie name");
    }

    @Test
    void targetsAcceptOnlyPlainHttpBaseUris() {
        assertThat(Target.strip(URI.create("http://10.0.0.5:8080/")).baseUri()).isEqualTo(URI.create("http://10.0.0.5:8080"));
        assertThat(Target.preserve(URI.create("https://h")).authority()).isEqualTo("h:443");
        assertThat(Target.strip(URI.create("HTTPS://h:8443/base/")).baseUri().toString()).isEqualTo("https://h:8443/base");
        assertThat(Target.strip(URI.create("http://h:8080/base")).baseUri().toString()).isEqualTo("http://h:8080/base");
        assertThat(Target.strip(URI.create("http://h/a%20b")).baseUri().getRawPath()).isEqualTo("/a%20b");
        for (String bad : new String[] {"ftp://h", "/relative", "http://user:pw@h", "http://h/?q", "http://h/#f"}) {
            assertThatThrownBy(() -> Target.strip(URI.create(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void workspaceIdsAreOnePathSafeSegment() {
        assertThat(WorkspaceId.parse("ws-1.a_b")).isPresent();
        assertThat(WorkspaceId.parse("0")).isPresent();
        assertThat(WorkspaceId.parse("Z" + "9".repeat(127))).isPresent();
        for (String bad : new String[] {"", ".", "..", "-a", "_a", "a/b", "a b", "a%2f", "a~", "a:b", "x".repeat(129),
            "é", "a\u00e9", "a\n", null}) {
            assertThat(WorkspaceId.parse(bad)).as(bad).isEmpty();
        }
        assertThatThrownBy(() -> WorkspaceId.of("a/b")).hasMessageContaining("workspace id");
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void everyFailureHasAnErrorStatusASendableCloseCodeAndABrowserSafeMessage(Failure failure) {
        assertThat(failure.httpStatus()).isBetween(400, 599);
        assertThat(CloseCodes.isSendable(failure.closeCode())).isTrue();
        assertThat(CloseCodes.toSendable(failure.closeCode())).isEqualTo(failure.closeCode());
        if (failure != Failure.SHUTTING_DOWN && failure != Failure.TOO_MANY_REQUESTS) {
            assertThat(failure.closeCode()).isEqualTo(4000 + failure.httpStatus());
        }
        assertThat(failure.message()).doesNotContain("Exception").doesNotContainPattern("\\d+\\.\\d+\\.\\d+\\.\\d+");
    }
}
