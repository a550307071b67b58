package dev.devproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.examples.demo.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One run of {@code src/test/browser/ides.mjs}: Debian's headless Chromium, driven by playwright-core, opens
 * each app the way a person would and checks what the issue asks of it. This class writes the run's JSON
 * description, runs the script with a deadline, echoes its progress into the build log and returns one
 * {@link AppResult} per app. Screenshots land in {@code target/e2e-ides/screenshots/}.
 */
final class BrowserRun {
    private static final Pattern RESULT = Pattern.compile("^\\[result\\] (\\S+) (PASS|FAIL) ([\\d.]+)s(?:: (.*))?$");
    private static final Duration NPM_CI = Duration.ofMinutes(5);
    private static final Duration FLOW = Duration.ofMinutes(6);

    /** What the browser found for one app. */
    record AppResult(String app, boolean passed, double seconds, String reason) {
    }

    /** What a whole run found, and everything the script printed. */
    record Outcome(Map<String, AppResult> results, String output) {
        AppResult of(String app) {
            assertThat(results).as("the browser reported on %s; its output:%n%s", app, output).containsKey(app);
            return results.get(app);
        }
    }

    private final Map<String, Object> run = new LinkedHashMap<>();
    private final Map<String, Object> apps = new LinkedHashMap<>();

    /**
     * A run with host routing (each app at the root of {@code http://{id}.localhost:PORT/}) unless
     * {@link #with with("routing", "path")} says otherwise.
     *
     * @param label names the run's screenshots and what it types
     * @param baseUrl the host application's address ({@code entry: portal|tokenEndpoint}) or the local entry
     *     proxy's ({@code entry: local})
     * @param entry how the browser gets in: the demo portal's Open IDE button, a fetch of the token endpoint, or
     *     a local entry proxy's launch URL
     */
    BrowserRun(String label, String baseUrl, String entry, String cookieName) {
        run.put("label", label);
        run.put("baseUrl", baseUrl);
        run.put("entry", entry);
        run.put("routing", "hosts");
        run.put("cookieName", cookieName);
        run.put("screenshotDir", E2eEnvironment.workDirectory().resolve("screenshots").toString());
        run.put("timeoutSeconds", FLOW.toSeconds() - 10);
        run.put("apps", apps);
    }

    /** Adds a top-level setting, e.g. the local entry's launch URL. */
    BrowserRun with(String key, Object value) {
        run.put(key, value);
        return this;
    }

    /** Adds {@code app} (code-server, novnc, jupyter) with what the browser should expect of it. */
    BrowserRun app(String app, Map<String, Object> settings) {
        apps.put(app, settings);
        return this;
    }

    Outcome execute() throws Exception {
        installPlaywrightCore();
        Path runFile = E2eEnvironment.workDirectory().resolve("runs/" + run.get("label") + ".json");
        Files.createDirectories(runFile.getParent());
        Files.writeString(runFile, json(run));
        Process browser = new ProcessBuilder("node", "ides.mjs", runFile.toString())
                .directory(E2eEnvironment.browserScripts().toFile()).redirectErrorStream(true).start();
        browser.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = echo(browser, output);
        boolean finished = browser.waitFor(FLOW.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String printed;
        synchronized (output) {
            printed = output.toString();
        }
        assertThat(finished).as("the browser run finished within %s; it printed:%n%s", FLOW, printed).isTrue();
        Map<String, AppResult> results = new LinkedHashMap<>();
        for (String line : printed.split("\n")) {
            Matcher result = RESULT.matcher(line);
            if (result.matches()) {
                results.put(result.group(1), new AppResult(result.group(1), result.group(2).equals("PASS"),
                        Double.parseDouble(result.group(3)), result.group(4)));
            }
        }
        return new Outcome(results, printed);
    }

    private static void installPlaywrightCore() throws Exception {
        Path scripts = E2eEnvironment.browserScripts();
        if (Files.exists(scripts.resolve("node_modules/playwright-core/package.json"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(scripts.toFile()).redirectErrorStream(true).start();
        npm.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = echo(npm, output);
        boolean finished = npm.waitFor(NPM_CI.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            npm.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(finished && npm.exitValue() == 0).as("npm ci in %s:%n%s", scripts, output).isTrue();
    }

    private static Thread echo(Process process, StringBuilder sink) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println(line);
                    synchronized (sink) {
                        sink.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                System.out.println("(output ended: " + e.getMessage() + ")");
            }
        }, "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Strings, numbers, booleans and nested maps: all a run description holds. */
    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(entry -> Json.string(entry.getKey().toString()) + ":" + json(entry.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return Json.string(value.toString());
    }
}
