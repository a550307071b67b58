package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.CookieSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.Launch;
import dev.devproxy.testkit.TestResponse;
import dev.devproxy.testkit.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token endpoint and the bootstrap route (steps 1 and 2 of the flow). */
public interface BootstrapConformance extends Conformance {

    @Test
    default void tokenEndpointIssuesATokenAndBootstrapUrlToAnAuthorisedCaller() throws Exception {
        TestResponse response = conformance().request("POST", "/api/dev/alpha/ide-token", null, "X-Test-User: bob");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.text()).contains("\"token\":\"").contains("\"url\":\"/api/dev/alpha/ide?token=")
                .contains("\"expiresAt\":\"");
    }

    @Test
    default void tokenEndpointAsksTheLaunchAuthorizer() throws Exception {
        ConformanceContext c = conformance();
        assertThat(c.request("POST", "/api/dev/alpha/ide-token", null).status()).isEqualTo(401);
        assertThat(c.request("POST", "/api/dev/alpha/ide-token", null, "X-Test-User: mallory").status()).isEqualTo(403);
        assertThat(c.get("/api/dev/alpha/ide-token", "X-Test-User: bob").status()).isEqualTo(405);
    }

    @Test
    default void bootstrapSetsAnHttpOnlyCookieScopedToTheWorkspaceAndRedirectsWithoutTheToken() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.open(c.launch("alpha"));
        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/__ide/alpha/");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        String cookie = response.header("Set-Cookie");
        assertThat(cookie).startsWith("devproxy_session=").contains("; Path=/__ide/alpha/").contains("; HttpOnly")
                .contains("; SameSite=Lax").containsPattern("; Max-Age=\\d+").doesNotContain("Secure");
    }

    @Test
    default void sessionCookieIsSecureUnlessExplicitlyOptedOut() throws Exception {
        ConformanceContext c = conformance().configure(b -> b.cookie(CookieSettings.defaults()));
        Launch launch = c.launch("alpha");
        assertThat(launch.bindingCookie()).startsWith("__Host-devproxy_session_binding=");
        String cookie = c.open(launch).header("Set-Cookie");
        assertThat(cookie).contains("; Secure");
    }

    @Test
    default void theTokenEndpointBindsTheLaunchToTheAskingBrowserWithAnHttpOnlyCookie() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.request("POST", "/api/dev/alpha/ide-token", null, "X-Test-User: bob");
        String binding = response.headers("Set-Cookie").stream().filter(v -> v.contains("_binding=")).findFirst()
                .orElseThrow();
        assertThat(binding).startsWith("devproxy_session_binding=").contains("; Path=/;").contains("; HttpOnly")
                .contains("; SameSite=Lax").containsPattern("; Max-Age=\\d+").doesNotContainIgnoringCase("Domain");
        assertThat(response.text()).contains("&binding=");
        // The same browser asking again keeps its binding, so launches from several tabs all hold.
        String again = c.request("POST", "/api/dev/beta/ide-token", null, "X-Test-User: bob",
                "Cookie: " + ConformanceContext.pair(binding)).headers("Set-Cookie").get(0);
        assertThat(ConformanceContext.pair(again)).isEqualTo(ConformanceContext.pair(binding));
    }

    // Issue 23, the login-CSRF half of the attack: a link an attacker minted for their own workspace, opened by a
    // victim, signed the victim into it. A link works only in the browser that asked for it.
    @Test
    default void aLaunchLinkOpenedInAnotherBrowserGivesNoSessionAndStaysUnspent() throws Exception {
        ConformanceContext c = conformance();
        Launch minted = c.launch("alpha");
        TestResponse inVictimsBrowser = c.get(minted.url());
        assertThat(inVictimsBrowser.status()).isEqualTo(401);
        assertThat(inVictimsBrowser.header("Set-Cookie")).isNull();
        assertThat(inVictimsBrowser.text()).doesNotContain(minted.token());
        Launch othersBinding = c.launch("alpha");
        assertThat(c.get(minted.url(), "Cookie: " + othersBinding.bindingCookie()).status())
                .as("another browser's binding cookie").isEqualTo(401);
        assertThat(c.events().of(BootstrapRejected.class)).extracting(BootstrapRejected::reason)
                .containsExactly(RejectionReason.NOT_BOUND, RejectionReason.NOT_BOUND);
        assertThat(c.open(minted).status()).as("the browser it was issued to").isEqualTo(303);
    }

    // Over plain HTTP a binding cookie has no __Host- prefix, so a page on a same-site host can toss one of the
    // attacker's in beside the victim's own (found by the Chromium attack test with the demo's --domain layout): a
    // browser that presents more than one binding value proves nothing.
    @Test
    default void aBrowserPresentingTwoBindingValuesIsNotBound() throws Exception {
        ConformanceContext c = conformance();
        Launch attackers = c.launch("alpha");
        Launch victims = c.launch("beta");
        TestResponse tossed = c.get(attackers.url(), "Cookie: " + victims.bindingCookie() + "; " + attackers.bindingCookie());
        assertThat(tossed.status()).isEqualTo(401);
        assertThat(c.open(attackers).status()).as("its own browser alone").isEqualTo(303);
    }

    // Issue 26, finding 6: link unfurlers send HEAD and must not burn a link.
    @Test
    default void onlyGetBootstrapsSoAHeadLeavesTheLinkUnspent() throws Exception {
        ConformanceContext c = conformance();
        Launch launch = c.launch("alpha");
        TestResponse head = c.request("HEAD", launch.url(), null, "Cookie: " + launch.bindingCookie());
        assertThat(head.status()).isEqualTo(405);
        assertThat(head.header("Allow")).isEqualTo("GET");
        assertThat(c.open(launch).status()).isEqualTo(303);
    }

    @Test
    default void aLaunchTokenOpensTheWorkspaceOnlyOnce() throws Exception {
        ConformanceContext c = conformance();
        Launch launch = c.launch("alpha");
        assertThat(c.open(launch).status()).isEqualTo(303);
        TestResponse replay = c.open(launch);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.header("Set-Cookie")).isNull();
        assertThat(c.events().of(BootstrapRejected.class)).extracting(BootstrapRejected::reason)
                .containsExactly(RejectionReason.REPLAYED);
    }

    @Test
    default void hostileLaunchTokensAreRefusedWithTheSame401() throws Exception {
        ConformanceContext c = conformance();
        c.proxy();
        WorkspaceId alpha = WorkspaceId.of("alpha");
        Instant now = Instant.now();
        String good = TestTokens.tokens().issue("bob", alpha, Duration.ofMinutes(5)).token();
        String[] hostile = {
            "not-a-token",
            TestTokens.truncated(good),
            TestTokens.tampered(good),
            TestTokens.otherKey().issue("bob", alpha, Duration.ofMinutes(5)).token(),
            TestTokens.withAlgNone(good),
            TestTokens.tokens().withClock(Clock.fixed(now.minus(Duration.ofHours(1)), ZoneOffset.UTC))
                    .issue("bob", alpha, Duration.ofMinutes(5)).token(),
            TestTokens.tokens().withClock(Clock.fixed(now.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                    .issue("bob", alpha, Duration.ofMinutes(5)).token(),
            TestTokens.tokens().issue("bob", WorkspaceId.of("beta"), Duration.ofMinutes(5)).token(),
        };
        for (String token : hostile) {
            c.alpha().forbid(token);
            TestResponse response = c.get("/api/dev/alpha/ide?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            assertThat(response.status()).as("token %s", token.length() > 12 ? token.substring(0, 12) : token)
                    .isEqualTo(401);
            assertThat(response.header("Set-Cookie")).isNull();
            assertThat(response.text()).doesNotContain(token);
        }
        // A tampered payload may fail decoding or the signature, depending on which bit flipped: index 2 is either.
        RejectionReason[] expected = {RejectionReason.MALFORMED, RejectionReason.MALFORMED, null,
            RejectionReason.BAD_SIGNATURE, RejectionReason.UNSUPPORTED_ALGORITHM, RejectionReason.EXPIRED,
            RejectionReason.NOT_YET_VALID, RejectionReason.WRONG_WORKSPACE};
        java.util.List<BootstrapRejected> rejected = c.events().of(BootstrapRejected.class);
        assertThat(rejected).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != null) {
                assertThat(rejected.get(i).reason()).as("token %d", i).isEqualTo(expected[i]);
            }
        }
        assertThat(rejected.get(2).reason()).isIn(RejectionReason.MALFORMED, RejectionReason.BAD_SIGNATURE);
        assertThat(c.get("/api/dev/alpha/ide").status()).isEqualTo(401);
    }

    @Test
    default void aReturnPathInsideTheWorkspaceIsHonoured() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.openWithQuery(c.launch("alpha"), "&return=/__ide/alpha/notebooks/x.ipynb");
        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/__ide/alpha/notebooks/x.ipynb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/", "https://evil.example/", "/__ide/beta/", "/__ide/alpha/../beta/",
        "/__ide/alpha/%2e%2e/beta/", "/__ide/alpha/\\evil", "/__ide/alpha/%0d%0aSet-Cookie:x=1", "/app/hello"})
    default void openRedirectAttemptsAreRefusedWithoutSpendingTheToken(String target) throws Exception {
        ConformanceContext c = conformance();
        Launch launch = c.launch("alpha");
        TestResponse response = c.openWithQuery(launch, "&return=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Location")).isNull();
        assertThat(c.open(launch).status()).isEqualTo(303);
    }

    // Issue 26, finding 11: a return path went into Location unencoded, and Jetty turned characters above U+00FF
    // into spaces.
    @Test
    default void aReturnPathWithNonAsciiCharactersIsPercentEncodedInLocation() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.openWithQuery(c.launch("alpha"), "&return=" + URLEncoder.encode("/__ide/alpha/n\u00e4chste/\u6587\u4ef6.txt",
                StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/__ide/alpha/n%C3%A4chste/%E6%96%87%E4%BB%B6.txt");
    }

    @Test
    default void hostApplicationRoutesKeepWorking() throws Exception {
        ConformanceContext c = conformance();
        assertThat(c.get("/app/hello").text()).isEqualTo("host app");
        assertThat(c.get("/api/dev/host-route").text()).isEqualTo("host route");
    }
}
