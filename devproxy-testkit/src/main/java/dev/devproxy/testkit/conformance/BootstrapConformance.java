package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.CookieSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.testkit.ConformanceContext;
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
        TestResponse response = c.get("/api/dev/alpha/ide?token=" + c.launchToken("alpha"));
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
        String cookie = c.get("/api/dev/alpha/ide?token=" + c.launchToken("alpha")).header("Set-Cookie");
        assertThat(cookie).contains("; Secure");
    }

    @Test
    default void bootstrapAcceptsTheTokenAsABearerHeader() throws Exception {
        ConformanceContext c = conformance();
        TestResponse response = c.get("/api/dev/alpha/ide", "Authorization: Bearer " + c.launchToken("alpha"));
        assertThat(response.status()).isEqualTo(303);
    }

    @Test
    default void aLaunchTokenOpensTheWorkspaceOnlyOnce() throws Exception {
        ConformanceContext c = conformance();
        String token = c.launchToken("alpha");
        assertThat(c.get("/api/dev/alpha/ide?token=" + token).status()).isEqualTo(303);
        TestResponse replay = c.get("/api/dev/alpha/ide?token=" + token);
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
        TestResponse response = c.get("/api/dev/alpha/ide?return=/__ide/alpha/notebooks/x.ipynb&token="
                + c.launchToken("alpha"));
        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/__ide/alpha/notebooks/x.ipynb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/", "https://evil.example/", "/__ide/beta/", "/__ide/alpha/../beta/",
        "/__ide/alpha/%2e%2e/beta/", "/__ide/alpha/\\evil", "/__ide/alpha/%0d%0aSet-Cookie:x=1", "/app/hello"})
    default void openRedirectAttemptsAreRefusedWithoutSpendingTheToken(String target) throws Exception {
        ConformanceContext c = conformance();
        String token = c.launchToken("alpha");
        TestResponse response = c.get("/api/dev/alpha/ide?token=" + token + "&return="
                + URLEncoder.encode(target, StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Location")).isNull();
        assertThat(c.get("/api/dev/alpha/ide?token=" + token).status()).isEqualTo(303);
    }

    @Test
    default void hostApplicationRoutesKeepWorking() throws Exception {
        ConformanceContext c = conformance();
        assertThat(c.get("/app/hello").text()).isEqualTo("host app");
        assertThat(c.get("/api/dev/host-route").text()).isEqualTo("host route");
    }
}
