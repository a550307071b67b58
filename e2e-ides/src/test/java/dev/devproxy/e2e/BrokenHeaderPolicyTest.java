package dev.devproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.examples.demo.DemoOptions;
import dev.devproxy.examples.demo.HostContainer;
import dev.devproxy.examples.demo.JettyHostContainer;
import dev.devproxy.examples.demo.portal.PortalPagesServlet;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.token.JwtTokens;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shows the suite catches a hand-written proxy's classic failure (Host rewritten, no X-Forwarded-Host): the same
 * code-server, the same host, the same browser flow, once with devproxy's header policy and once with {@code Host} rewritten to the target and no
 * {@code X-Forwarded-Host}. code-server then sees an {@code Origin} that matches neither, refuses its WebSocket
 * with 403, and the browser check must fail; with the default policy it must pass. Only the policy differs.
 *
 * <p>It runs on path routing ({@code /__ide/cs/} on the application's origin), on purpose: what it tests is the
 * {@code Host}/{@code Origin} pair, which no routing changes, and its default-policy run is the suite's one check
 * that a real app still works with path routing (the other tests use host routing).
 */
@ExtendWith(RealAppsExtension.class)
class BrokenHeaderPolicyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default policy", "Host rewritten to the target, no X-Forwarded-Host"})
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theCodeServerCheckFailsExactlyWhenTheHostOriginPairIsBroken(String policyName, RealApps apps) throws Exception {
        boolean broken = !policyName.equals("default policy");
        HeaderPolicy policy = broken
                ? HeaderPolicy.builder().hostHeader(HeaderPolicy.HostHeader.TARGET)
                        .forwardedHeaders(HeaderPolicy.ForwardedHeaders.STRIP).build()
                : HeaderPolicy.defaults();
        String label = broken ? "broken-policy" : "default-policy";
        RealIdesThroughTheDemoTest.Markers markers = new RealIdesThroughTheDemoTest.Markers(label);
        markers.watchOn(apps.codeServerWitness);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        DevProxy proxy = DevProxy.builder()
                .routing(Routing.sharedOrigin())
                .resolver((workspace, caller) -> workspace.equals(RealApps.CODE_SERVER)
                        ? Optional.of(Target.strip(apps.codeServerWitness.uri())) : Optional.empty())
                .tokens(JwtTokens.hmac(secret))
                .launchAuthorizer((request, workspace) -> LaunchDecision.allow("ada"))   // the test is the user
                .cookie(CookieSettings.builder().insecureForDevelopment().build())
                .headerPolicy(policy)
                .build();

        BrowserRun.Outcome outcome;
        HostContainer host = new JettyHostContainer();
        try (proxy; HostContainer.RunningServer server = host.start(
                Map.of("/", new PortalPagesServlet("127.0.0.1", DemoOptions.RoutingChoice.PATH)), proxy, 0)) {
            outcome = new BrowserRun(label, "http://127.0.0.1:" + server.port() + "/", "tokenEndpoint",
                    CookieSettings.defaults().name())
                    .with("routing", "path")
                    .app("code-server", RealIdesThroughTheDemoTest.codeServer(apps, label, markers))
                    .execute();
        }
        apps.assertAlive();

        BrowserRun.AppResult codeServer = outcome.of("code-server");
        if (broken) {
            assertThat(codeServer.passed()).as("the code-server check with a broken Host/Origin pair").isFalse();
            // What a person sees: the workbench's connection to its server fails (close 1006 or a console error).
            assertThat(codeServer.reason()).containsAnyOf("1006", "WebSocket", "unexpected error", "timed out");
            System.out.println("[e2e] the broken policy failed the code-server check as it must: " + codeServer.reason());
        } else {
            assertThat(codeServer.passed()).as("the code-server check with devproxy's policy: %s", codeServer.reason()).isTrue();
        }
    }
}
