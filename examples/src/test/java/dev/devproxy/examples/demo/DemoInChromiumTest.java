package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.examples.testing.ChromiumScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The done-means, as a person would check it: start the demo with the README's own command,
 * then drive Debian's headless Chromium through it with {@code src/test/browser/open-ide.mjs}: sign in on
 * {@code http://localhost:PORT/}, click Open IDE, use each workspace on its own origin
 * ({@code http://scratchpad.localhost:PORT/}: token gone from the address bar, a WebSocket round trip), find no
 * workspace cookie or service worker on the portal's origin, and get devproxy's 401 page once the cookie is
 * removed. Once per servlet container; screenshots land in {@code examples/target/browser/<container>/}.
 *
 * <p>Needs {@code /usr/bin/chromium}, {@code node} and {@code npm}; without them it is skipped with a
 * message saying how to enable it ({@link ChromiumScripts}). CI ({@code .ci/run}) installs them, so there it always
 * runs.
 */
class DemoInChromiumTest {
    private static final Pattern OPEN_URL = Pattern.compile("Open (http://localhost:\\d+/)");
    private static final Duration DEMO_START = Duration.ofMinutes(4);     // a cold clone compiles first
    private static final Duration BROWSER_FLOW = Duration.ofMinutes(3);
    private static final Duration DEMO_STOP = Duration.ofSeconds(30);

    private final Path examples = Path.of("").toAbsolutePath();
    private final Path repository = examples.getParent();
    private final ChromiumScripts browser = new ChromiumScripts();

    @ParameterizedTest(name = "--container {0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aPersonSignsInOpensTheScratchpadAndLosesTheTunnelWithTheCookie(String container) throws Exception {
        browser.skipLoudlyUnlessInstalled("mvn");
        List<String> demoCommand = new ArrayList<>(readmeDemoCommand());
        demoCommand.add("-Dexec.args=--port 0 --container " + container);   // README: flags go in -Dexec.args
        // The same local repository as the build running this test (examples/pom.xml passes it), so the child build
        // neither reads nor writes the user's default one.
        String localRepository = System.getProperty("devproxy.test.mavenRepoLocal", "");
        if (!localRepository.isEmpty()) {
            demoCommand.add("-Dmaven.repo.local=" + localRepository);
        }

        long started = System.nanoTime();
        ProcessBuilder demoProcess = new ProcessBuilder(demoCommand).directory(repository.toFile()).redirectErrorStream(true);
        // One DEBUG line per socket opened and closed, with its message counts each way: what a stalled socket needs.
        demoProcess.environment().put("DEVPROXY_DEMO_WEBSOCKET_LOG", "DEBUG");
        Process demo = demoProcess.start();
        demo.getOutputStream().close();
        StringBuilder demoOutput = new StringBuilder();
        CompletableFuture<String> portalUrl = new CompletableFuture<>();
        Thread demoReader = ChromiumScripts.echo(demo, "[demo] ", demoOutput, line -> {
            Matcher open = OPEN_URL.matcher(line);
            if (open.find()) {
                portalUrl.complete(open.group(1));
            }
        });
        demo.onExit().thenRun(() -> portalUrl.completeExceptionally(new AssertionError(
                "the demo exited with " + demo.exitValue() + " before printing its URL")));
        try {
            String url = portalUrl.get(DEMO_START.toSeconds(), TimeUnit.SECONDS);
            long demoUp = System.nanoTime();

            long browserStarted = System.nanoTime();
            ChromiumScripts.Run run = browser.run(BROWSER_FLOW, "open-ide.mjs", url,
                    examples.resolve("target/browser/" + container).toString());
            assertThat(run.finished()).as("the browser flow finished within %s", BROWSER_FLOW).isTrue();
            assertThat(run.exitCode()).as("open-ide.mjs exit code; its output:%n%s", run.output()).isZero();
            assertThat(run.output()).contains("[browser] PASSED");
            System.out.printf("[browser test] %s: demo command up in %.1f s, browser flow %.1f s%n",
                    container, (demoUp - started) / 1e9, (System.nanoTime() - browserStarted) / 1e9);
        } finally {
            stop(demo, demoReader);
        }
        synchronized (demoOutput) {
            assertThat(demoOutput).as("the demo's shutdown hook ran").contains("devproxy demo stopped.");
        }
    }

    /** The README's demo command, split into words: the test runs what a person copies. */
    private List<String> readmeDemoCommand() throws IOException {
        Optional<String> line = Files.readAllLines(repository.resolve("README.md")).stream()
                .map(String::strip).filter(l -> l.startsWith("mvn ") && l.endsWith("exec:java")).findFirst();
        assertThat(line).as("README.md has a line 'mvn ... exec:java' (the demo command)").isPresent();
        return Arrays.asList(line.get().split("\\s+"));
    }

    // SIGTERM runs the demo's shutdown hook, as Ctrl-C does. ProcessHandle.destroy() sends only the signal;
    // Process.destroy() would also close our end of the pipe and lose what the hook prints.
    private static void stop(Process demo, Thread reader) throws InterruptedException {
        demo.toHandle().destroy();
        if (!demo.waitFor(DEMO_STOP.toSeconds(), TimeUnit.SECONDS)) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
            throw new AssertionError("the demo did not stop within " + DEMO_STOP + " of SIGTERM");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
