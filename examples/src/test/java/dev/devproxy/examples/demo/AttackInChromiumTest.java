package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.examples.demo.workspaces.UpstreamServer;
import dev.devproxy.examples.testing.ChromiumScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 23, section 4: the attack that turned the shared origin into a cross-user takeover, as a regression test in
 * Debian's headless Chromium, on both servlet containers. The demo runs with its built-in workspaces plus
 * {@code evil}, whose content is untrusted ({@link AttackWorkspace}); {@code src/test/browser/attack.mjs} signs a
 * victim in, opens their scratchpad, then the attack page {@code evil.html} of their workspace {@code evil}, which
 * tries, as the victim: reading the portal's {@code /api/session}; minting a launch for the scratchpad through the
 * token endpoint; reading the scratchpad; a no-cors POST into it; a WebSocket into it; cookies for the portal and for
 * the scratchpad, by script and by its server's {@code Set-Cookie}. Then a launch link minted by "mallory" is opened
 * in a separate browser signed in as the victim (login CSRF).
 *
 * <ul>
 *   <li><b>Host routing</b> ({@code {id}.localhost}, the demo's default): every step fails. In Chromium each
 *       {@code *.localhost} name is a site of its own ({@code localhost} is their public suffix), so the browser
 *       itself withholds the victim's {@code SameSite=Lax} cookies from the page's requests, refuses cookies for
 *       {@code Domain=localhost}, and keeps the answers from the page (CORS); devproxy refuses the token request,
 *       the fetch and the POST as well (403: Origin check, Fetch Metadata), and the WebSocket, which arrives without
 *       the cookie, with 401.</li>
 *   <li><b>Host routing under one site</b> ({@code --domain acme.localhost}: portal and workspaces are one site,
 *       as {@code app.example.com} and {@code ws1.ide.example.com} are in production): the browser now sends the
 *       victim's cookies with every step, so devproxy alone stops them: the token endpoint's Origin check, Fetch
 *       Metadata on workspace hosts, the WebSocket Origin check. What it cannot stop, and the test pins down: a
 *       page may set cookies for the parent domain by script, which reach the portal and every workspace. That is
 *       why the README recommends a registrable domain of its own for workspaces.</li>
 *   <li><b>Path routing</b> ({@code --routing path}), the control that proves the test catches a takeover: the
 *       page shares the portal's origin, and every same-origin step succeeds. Launch binding still holds: the link
 *       the page minted opens nothing in another browser.</li>
 * </ul>
 * In every mode, devproxy keeps the evil server's {@code Set-Cookie}s inside its workspace, and the login-CSRF link
 * gives the victim's browser devproxy's 401 page and no session, while mallory's own browser still gets in.
 * Screenshots land in {@code examples/target/browser/attack/}.
 */
class AttackInChromiumTest {
    private static final Pattern STEP = Pattern.compile("^\\[step\\] (\\S+) (REACHED|STOPPED) (.*)$", Pattern.MULTILINE);
    private static final Pattern SENT = Pattern.compile("\"sent\":\\[([^\\]]*)\\]");
    private static final Duration ATTACK = Duration.ofMinutes(3);
    private static final List<String> SAME_ORIGIN_STEPS = List.of("read-session", "mint-token", "fetch-victim",
            "csrf-victim", "websocket-victim", "plant-cookie-app", "plant-cookie-sibling");
    private static final List<String> REFUSED_BY_DEVPROXY = List.of("mint-token", "fetch-victim", "csrf-victim");

    private final ChromiumScripts browser = new ChromiumScripts();
    private final Path examples = Path.of("").toAbsolutePath();

    /** One step's outcome and the browser's evidence for it (JSON, quoted in failure messages). */
    private record Step(boolean reached, String evidence) {
    }

    @ParameterizedTest(name = "--container {0} --routing {1} --domain {2}")
    @CsvSource({
        "jetty, hosts, localhost",
        "tomcat, hosts, localhost",
        "jetty, hosts, acme.localhost",
        "tomcat, hosts, acme.localhost",
        "jetty, path, localhost",
        "tomcat, path, localhost"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theUntrustedPageOfOneWorkspaceGetsNothingOfTheUsersOthersWithHostRouting(String container, String routing,
            String domain) throws Exception {
        browser.skipLoudlyUnlessInstalled();
        String label = container + "-" + routing + "-" + domain.replace('.', '-');
        DemoOptions options = DemoOptions.parse("--port", "0", "--container", container, "--routing", routing,
                "--domain", domain);
        Map<String, Step> steps;
        try (UpstreamServer evil = AttackWorkspace.start();
                DemoApp demo = DemoApp.start(options, HostContainers.forChoice(options.container()),
                        List.of(AttackWorkspace.workspace(evil)))) {
            Path runFile = examples.resolve("target/browser/attack/" + label + ".json");
            Files.createDirectories(runFile.getParent());
            Files.writeString(runFile, "{\"label\":\"" + label + "\",\"portalUrl\":\"" + demo.url() + "\",\"routing\":\""
                    + routing + "\",\"victim\":\"scratchpad\",\"evil\":\"" + AttackWorkspace.ID + "\",\"screenshotDir\":\""
                    + runFile.getParent() + "\"}");
            ChromiumScripts.Run run = browser.run(ATTACK, "attack.mjs", runFile.toString());
            assertThat(run.finished()).as("attack.mjs finished within %s", ATTACK).isTrue();
            assertThat(run.exitCode()).as("attack.mjs carried out every step; its output:%n%s", run.output()).isZero();
            steps = steps(run.output());
        }

        assertStopped(steps, "login-csrf");
        assertThat(steps.get("login-csrf").evidence()).as("the link still works in mallory's own browser")
                .contains("\"ownBrowserLanded\":true");
        assertStopped(steps, "plant-cookie-http");
        if (routing.equals("path")) {
            // The control: on the portal's own origin the page acts as the signed-in user.
            SAME_ORIGIN_STEPS.forEach(name -> assertReached(steps, name));
            assertThat(steps.get("fetch-victim").evidence()).contains("HTTP 200");
            assertThat(steps.get("csrf-victim").evidence()).as("the scratchpad's own answer").contains("\"status\":405");
            assertStopped(steps, "stolen-link-elsewhere");
            return;
        }
        for (String name : List.of("read-session", "mint-token", "fetch-victim", "csrf-victim", "websocket-victim")) {
            assertStopped(steps, name);
        }
        for (String name : REFUSED_BY_DEVPROXY) {
            assertThat(steps.get(name).evidence()).as("%s was refused by devproxy", name).contains("\"status\":403");
        }
        assertThat(steps).doesNotContainKey("stolen-link-elsewhere");
        for (String name : List.of("read-session", "mint-token", "fetch-victim")) {
            assertThat(steps.get(name).evidence()).as("%s: the page may not read the answer", name).contains("CORS");
        }
        if (domain.equals("localhost")) {
            // Each *.localhost name is a site of its own: the browser withholds the victim's Lax cookies too.
            assertStopped(steps, "plant-cookie-app");
            assertStopped(steps, "plant-cookie-sibling");
            assertThat(steps.get("read-session").evidence()).contains("portal_session (SchemefulSameSiteLax");
            assertThat(steps.get("mint-token").evidence()).contains("portal_session (SchemefulSameSiteLax");
            assertThat(steps.get("fetch-victim").evidence()).contains("devproxy_session (SchemefulSameSiteLax");
            // Chromium reports no cookies for handshakes; devproxy checks the credential before the Origin, so a
            // 401 (Chromium: "HTTP Authentication failed") means the browser withheld the session cookie.
            assertThat(steps.get("websocket-victim").evidence()).contains("HTTP Authentication failed");
        } else {
            // One site: the browser sent the victim's cookies, so the 403s above are devproxy's doing alone...
            assertThat(sentCookies(steps.get("read-session"))).contains("portal_session");
            assertThat(sentCookies(steps.get("mint-token"))).contains("portal_session");
            assertThat(sentCookies(steps.get("fetch-victim"))).contains("devproxy_session");
            assertThat(sentCookies(steps.get("csrf-victim"))).contains("devproxy_session");
            // A 403, not 401: the credential passed (the cookie was sent) and the Origin check refused.
            assertThat(steps.get("websocket-victim").evidence()).contains("Unexpected response code: 403");
            // ...and a page may toss cookies at the parent domain: the reason to give workspaces a domain of their own.
            assertReached(steps, "plant-cookie-app");
            assertReached(steps, "plant-cookie-sibling");
            assertThat(steps.get("plant-cookie-app").evidence()).as("a tossed portal_session signs the victim out")
                    .contains("\"portalSees\":\"{\\\"signedIn\\\":false}\"");
            assertThat(steps.get("plant-cookie-sibling").evidence()).contains("\"victimStatus\":200");
        }
    }

    private static Map<String, Step> steps(String output) {
        Map<String, Step> steps = new LinkedHashMap<>();
        Matcher line = STEP.matcher(output);
        while (line.find()) {
            steps.put(line.group(1), new Step(line.group(2).equals("REACHED"), line.group(3)));
        }
        assertThat(steps).as("attack.mjs reported its steps:%n%s", output).containsKeys("read-session", "login-csrf");
        return steps;
    }

    /** The cookies the browser sent with a step's request, by name, from the evidence's {@code "sent":[...]}. */
    private static List<String> sentCookies(Step step) {
        Matcher sent = SENT.matcher(step.evidence());
        assertThat(sent.find()).as("the browser's record of the cookies it sent: %s", step.evidence()).isTrue();
        return Pattern.compile("\"([^\"]+)\"").matcher(sent.group(1)).results().map(m -> m.group(1)).toList();
    }

    private static void assertStopped(Map<String, Step> steps, String name) {
        assertThat(steps).containsKey(name);
        assertThat(steps.get(name).reached()).as("%s must be stopped; evidence: %s", name, steps.get(name).evidence())
                .isFalse();
    }

    private static void assertReached(Map<String, Step> steps, String name) {
        assertThat(steps).containsKey(name);
        assertThat(steps.get(name).reached()).as("%s must get through (the control); evidence: %s", name,
                steps.get(name).evidence()).isTrue();
    }
}
