package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
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
 * message saying how to enable it. CI ({@code .ci/run}) installs them, so there it always runs.
 */
class DemoInChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern OPEN_URL = Pattern.compile("Open (http://localhost:\\d+/)");
    private static final Duration DEMO_START = Duration.ofMinutes(4);     // a cold clone compiles first
    private static final Duration NPM_CI = Duration.ofMinutes(5);
    private static final Duration BROWSER_FLOW = Duration.ofMinutes(3);
    private static final Duration DEMO_STOP = Duration.ofSeconds(30);

    private final Path examples = Path.of("").toAbsolutePath();
    private final Path repository = examples.getParent();
    private final Path browserScripts = examples.resolve("src/test/browser");

    @ParameterizedTest(name = "--container {0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aPersonSignsInOpensTheScratchpadAndLosesTheTunnelWithTheCookie(String container) throws Exception {
        skipLoudlyUnlessInstalled();
        List<String> demoCommand = new ArrayList<>(readmeDemoCommand());
        demoCommand.add("-Dexec.args=--port 0 --container " + container);   // README: flags go in -Dexec.args

        long started = System.nanoTime();
        ProcessBuilder demoProcess = new ProcessBuilder(demoCommand).directory(repository.toFile()).redirectErrorStream(true);
        // One DEBUG line per socket opened and closed, with its message counts each way: what a stalled socket needs.
        demoProcess.environment().put("DEVPROXY_DEMO_WEBSOCKET_LOG", "DEBUG");
        Process demo = demoProcess.start();
        demo.getOutputStream().close();
        StringBuilder demoOutput = new StringBuilder();
        CompletableFuture<String> portalUrl = new CompletableFuture<>();
        Thread demoReader = echo(demo, "[demo] ", demoOutput, line -> {
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
            installPlaywrightCore();

            long browserStarted = System.nanoTime();
            Process browser = new ProcessBuilder("node", "open-ide.mjs", url,
                    examples.resolve("target/browser/" + container).toString())
                    .directory(browserScripts.toFile()).redirectErrorStream(true).start();
            browser.getOutputStream().close();
            StringBuilder browserOutput = new StringBuilder();
            Thread browserReader = echo(browser, "", browserOutput, line -> { });
            boolean finished = browser.waitFor(BROWSER_FLOW.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                browser.destroyForcibly();
            }
            browserReader.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(finished).as("the browser flow finished within %s", BROWSER_FLOW).isTrue();
            assertThat(browser.exitValue()).as("open-ide.mjs exit code; its output:%n%s", browserOutput).isZero();
            assertThat(browserOutput).contains("[browser] PASSED");
            System.out.printf("[browser test] %s: demo command up in %.1f s, browser flow %.1f s%n",
                    container, (demoUp - started) / 1e9, (System.nanoTime() - browserStarted) / 1e9);
        } finally {
            stop(demo, demoReader);
        }
        synchronized (demoOutput) {
            assertThat(demoOutput).as("the demo's shutdown hook ran").contains("devproxy demo stopped.");
        }
    }

    private void skipLoudlyUnlessInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium)");
        }
        for (String tool : List.of("node", "npm", "mvn")) {
            if (onPath(tool).isEmpty()) {
                missing.add(tool + (tool.equals("mvn") ? " on PATH" : " (apt-get install nodejs npm)"));
            }
        }
        if (!missing.isEmpty()) {
            String message = "SKIPPED the browser test of the demo: missing " + String.join(", ", missing)
                    + ". To run it: apt-get update && apt-get install -y chromium nodejs npm (CI's .ci/run does this).";
            String rule = "!".repeat(Math.min(message.length(), 100));
            System.err.println(rule + "\n" + message + "\n" + rule);
            Assumptions.abort(message);
        }
    }

    /** The README's demo command, split into words: the test runs what a person copies. */
    private List<String> readmeDemoCommand() throws IOException {
        Optional<String> line = Files.readAllLines(repository.resolve("README.md")).stream()
                .map(String::strip).filter(l -> l.startsWith("mvn ") && l.endsWith("exec:java")).findFirst();
        assertThat(line).as("README.md has a line 'mvn ... exec:java' (the demo command)").isPresent();
        return Arrays.asList(line.get().split("\\s+"));
    }

    private void installPlaywrightCore() throws Exception {
        if (Files.exists(browserScripts.resolve("node_modules/playwright-core/package.json"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(browserScripts.toFile()).redirectErrorStream(true).start();
        npm.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = echo(npm, "[npm] ", output, line -> { });
        boolean finished = npm.waitFor(NPM_CI.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            npm.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(finished && npm.exitValue() == 0).as("npm ci in %s:%n%s", browserScripts, output).isTrue();
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

    /** Copies a process's output to ours, line by line with {@code prefix}, and into {@code sink}. */
    private static Thread echo(Process process, String prefix, StringBuilder sink, Consumer<String> onLine) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println(prefix + line);
                    synchronized (sink) {
                        sink.append(line).append('\n');
                    }
                    onLine.accept(line);
                }
            } catch (IOException e) {
                System.out.println(prefix + "(output ended: " + e.getMessage() + ")");
            }
        }, "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static Optional<Path> onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
