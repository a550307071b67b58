package dev.devproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.CookieSettings;
import dev.devproxy.examples.demo.DemoApp;
import dev.devproxy.examples.demo.DemoOptions;
import dev.devproxy.examples.demo.HostContainers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 6's proof, on the demo's host routing (issue 23): real code-server, noVNC over websockify (its WebSocket
 * path a query parameter, plain {@code websockify}) and Jupyter Notebook ({@code base_url=/}), each at the root of
 * its own origin ({@code http://cs.localhost:PORT/}, {@code desk.}, {@code nb.}), opened from the examples' demo
 * portal on {@code http://localhost:PORT/} in headless Chromium like a person would, on each servlet container.
 * Every service worker stays inside its app's origin, and nothing of an app (service worker, cookie) lands on the
 * portal's origin. Without devproxy's cookie each app shows devproxy's 401 page, and the {@link WitnessRelay} in
 * front of the app proves the request never reached it (while the same relay did see the request made with the
 * cookie). Path routing with a real app is checked by {@link BrokenHeaderPolicyTest}'s default-policy run.
 */
@ExtendWith(RealAppsExtension.class)
class RealIdesThroughTheDemoTest {

    @ParameterizedTest(name = "--container {0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void codeServerNoVncAndJupyterWorkInChromiumThroughTheDemo(String container, RealApps apps) throws Exception {
        String label = "demo-" + container;
        Markers markers = new Markers(label);
        DemoOptions options = DemoOptions.parse("--port", "0", "--container", container,
                "--workspace", RealApps.CODE_SERVER.value() + "=" + apps.codeServerWitness.uri(),
                "--workspace", RealApps.DESKTOP.value() + "=" + apps.desktopWitness.uri(),
                "--workspace", RealApps.NOTEBOOK.value() + "=" + apps.notebookWitness.uri());
        markers.watchOn(apps.codeServerWitness, apps.desktopWitness, apps.notebookWitness);

        BrowserRun.Outcome outcome;
        try (DemoApp demo = DemoApp.start(options, HostContainers.forChoice(options.container()))) {
            outcome = new BrowserRun(label, demo.url().toString(), "portal", CookieSettings.defaults().name())
                    .app("code-server", codeServer(apps, label, markers))
                    .app("novnc", desktop(markers))
                    .app("jupyter", notebook(apps, label, markers))
                    .execute();
        }
        apps.assertAlive();

        for (String app : new String[] {"code-server", "novnc", "jupyter"}) {
            BrowserRun.AppResult result = outcome.of(app);
            assertThat(result.passed()).as("%s on %s: %s", app, container, result.reason()).isTrue();
        }
        markers.assertReachedWithCookieOnly(apps.codeServerWitness, "code-server");
        markers.assertReachedWithCookieOnly(apps.desktopWitness, "noVNC");
        markers.assertReachedWithCookieOnly(apps.notebookWitness, "Jupyter");
    }

    static Map<String, Object> codeServer(RealApps apps, String label, Markers markers) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("id", RealApps.CODE_SERVER.value());
        settings.put("folder", apps.codeServer.folder().toString());
        settings.put("knownFile", CodeServer.KNOWN_FILE);
        settings.put("knownContent", CodeServer.KNOWN_CONTENT);
        settings.put("newFile", "created-in-" + label + ".txt");
        settings.put("newFileText", "typed in Chromium through devproxy (" + label + ")");
        markers.addTo(settings);
        return settings;
    }

    static Map<String, Object> desktop(Markers markers) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("id", RealApps.DESKTOP.value());
        settings.put("clickX", VncDesktop.CLICK_X);
        settings.put("clickY", VncDesktop.CLICK_Y);
        markers.addTo(settings);
        return settings;
    }

    static Map<String, Object> notebook(RealApps apps, String label, Markers markers) throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("id", RealApps.NOTEBOOK.value());
        settings.put("notebook", apps.notebook.newNotebook("known-" + label));
        markers.addTo(settings);
        return settings;
    }

    /**
     * Two request paths unique to one run: the browser asks for the first with devproxy's cookie and for the second
     * without it. The app must see the first (which proves its witness watches) and never the second.
     */
    record Markers(String label, String withCookie, String withoutCookie) {
        Markers(String label) {
            this(label, "devproxy-e2e-with-cookie-" + label, "devproxy-e2e-without-cookie-" + label);
        }

        void watchOn(WitnessRelay... witnesses) {
            for (WitnessRelay witness : witnesses) {
                witness.watch(withCookie);
                witness.watch(withoutCookie);
            }
        }

        void addTo(Map<String, Object> settings) {
            settings.put("markerWithCookie", withCookie);
            settings.put("markerWithoutCookie", withoutCookie);
        }

        void assertReachedWithCookieOnly(WitnessRelay witness, String app) {
            assertThat(witness.sawTowardsApp(withCookie)).as("%s received the request made with the cookie", app).isTrue();
            assertThat(witness.sawTowardsApp(withoutCookie)).as("%s never received the request made without it", app).isFalse();
        }
    }
}
