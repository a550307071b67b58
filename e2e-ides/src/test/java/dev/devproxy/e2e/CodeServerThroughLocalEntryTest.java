package dev.devproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.Target;
import dev.devproxy.jetty.local.LocalEntry;
import dev.devproxy.jetty.local.LocalEntryProxies;
import dev.devproxy.token.JwtTokens;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7's end-to-end proof: real code-server opened through a local entry proxy at
 * {@code http://127.0.0.1:<port>/}, the way a desktop UI would: the launch URL, then the
 * workbench, a file, a terminal and a new file at the entry's root; no service worker claims {@code /}
 * (code-server's PWA worker loses {@code Service-Worker-Allowed}); without the entry's cookie, devproxy's 401
 * page, and code-server never sees the request.
 */
@ExtendWith(RealAppsExtension.class)
class CodeServerThroughLocalEntryTest {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void codeServerWorksAtTheRootOfItsLocalEntryProxy(RealApps apps) throws Exception {
        RealIdesThroughTheDemoTest.Markers markers = new RealIdesThroughTheDemoTest.Markers("local-entry");
        BrowserRun.Outcome outcome = openThroughLocalEntry(apps, markers, builder -> { });

        BrowserRun.AppResult codeServer = outcome.of("code-server");
        assertThat(codeServer.passed()).as("code-server through the local entry: %s", codeServer.reason()).isTrue();
        assertThat(outcome.output()).as("the browser checked the service workers").contains("service worker(s)");
        markers.assertReachedWithCookieOnly(apps.codeServerWitness, "code-server");
    }

    /**
     * The control that shows the service-worker check can fail: the same entry with a header policy that keeps
     * code-server's {@code Service-Worker-Allowed: /} lets its PWA worker claim the entry's whole origin.
     */
    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void withoutTheServiceWorkerRuleThePwaWorkerClaimsTheWholeOriginAndTheCheckFails(RealApps apps) throws Exception {
        RealIdesThroughTheDemoTest.Markers markers = new RealIdesThroughTheDemoTest.Markers("local-entry-no-sw-rule");
        BrowserRun.Outcome outcome = openThroughLocalEntry(apps, markers, builder -> builder.headerPolicy(
                HeaderPolicy.builder().forwardedHeaders(HeaderPolicy.ForwardedHeaders.STRIP).build()));

        BrowserRun.AppResult codeServer = outcome.of("code-server");
        assertThat(codeServer.passed()).as("the code-server check with the PWA worker's header kept").isFalse();
        assertThat(codeServer.reason()).contains("a service worker claims the whole origin");
        assertThat(apps.codeServerWitness.sawTowardsApp(markers.withoutCookie()))
                .as("code-server never received the request made without the cookie").isFalse();
    }

    private static BrowserRun.Outcome openThroughLocalEntry(RealApps apps, RealIdesThroughTheDemoTest.Markers markers,
            Consumer<DevProxy.Builder> customizer) throws Exception {
        String label = markers.label();
        markers.watchOn(apps.codeServerWitness);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        int first = FreePorts.next();

        BrowserRun.Outcome outcome;
        try (LocalEntryProxies entries = LocalEntryProxies.builder().ports(first, first + 20)
                .tokens(JwtTokens.hmac(secret)).customize(customizer).build()) {
            LocalEntry entry = entries.ensure(RealApps.CODE_SERVER, Target.strip(apps.codeServerWitness.uri()));
            assertThat(entry.direct()).isFalse();
            outcome = new BrowserRun(label, entry.uri().toString(), "local", "devproxy_" + RealApps.CODE_SERVER.value())
                    .with("launchUrl", entries.launchUrl(RealApps.CODE_SERVER, "ada").toString())
                    .app("code-server", RealIdesThroughTheDemoTest.codeServer(apps, label, markers))
                    .execute();
        }
        apps.assertAlive();
        return outcome;
    }
}
