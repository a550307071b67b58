package dev.devproxy.examples.testing;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the browser scripts in {@code examples/src/test/browser} (Node.js driving Debian's headless Chromium through
 * playwright-core): skips loudly where Chromium or Node.js is missing, installs playwright-core once with
 * {@code npm ci}, and runs a script with a deadline, echoing what it prints into the build log.
 */
public final class ChromiumScripts {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration NPM_CI = Duration.ofMinutes(5);

    /** What a script printed, and how it ended. */
    public record Run(boolean finished, int exitCode, String output) {
    }

    private final Path scripts;

    /** The scripts of the module whose directory is the working directory (surefire runs tests there). */
    public ChromiumScripts() {
        this.scripts = Path.of("").toAbsolutePath().resolve("src/test/browser");
    }

    /**
     * Aborts the test, with a banner on standard error saying how to enable it, unless Chromium, Node.js, npm and
     * {@code extraTools} are installed. Fails it instead where {@code DEVPROXY_E2E_REQUIRED} is {@code true}: CI
     * ({@code .ci/run}) installs them and sets it, so there it always runs and cannot go green by skipping.
     */
    public void skipLoudlyUnlessInstalled(String... extraTools) {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium)");
        }
        List<String> tools = new ArrayList<>(List.of("node", "npm"));
        tools.addAll(List.of(extraTools));
        for (String tool : tools) {
            if (onPath(tool).isEmpty()) {
                missing.add(tool + (tool.equals("node") || tool.equals("npm") ? " (apt-get install nodejs npm)" : " on PATH"));
            }
        }
        if (!missing.isEmpty()) {
            String message = "SKIPPED a browser test of the demo: missing " + String.join(", ", missing)
                    + ". To run it: apt-get update && apt-get install -y chromium nodejs npm (CI's .ci/run does this).";
            if (Boolean.parseBoolean(System.getenv("DEVPROXY_E2E_REQUIRED"))) {
                throw new AssertionError("FAILED " + message.substring("SKIPPED ".length())
                        + " DEVPROXY_E2E_REQUIRED=true says it must run here.");
            }
            String rule = "!".repeat(Math.min(message.length(), 100));
            System.err.println(rule + "\n" + message + "\n" + rule);
            Assumptions.abort(message);
        }
    }

    /** Runs {@code node script args...}, killing it after {@code deadline}. */
    public Run run(Duration deadline, String script, String... args) throws Exception {
        installPlaywrightCore();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process node = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true).start();
        node.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = echo(node, "", output, line -> { });
        boolean finished = node.waitFor(deadline.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (output) {
            return new Run(finished, finished ? node.exitValue() : -1, output.toString());
        }
    }

    private void installPlaywrightCore() throws Exception {
        if (Files.exists(scripts.resolve("node_modules/playwright-core/package.json"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(scripts.toFile()).redirectErrorStream(true).start();
        npm.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = echo(npm, "[npm] ", output, line -> { });
        boolean finished = npm.waitFor(NPM_CI.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            npm.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(finished && npm.exitValue() == 0).as("npm ci in %s:%n%s", scripts, output).isTrue();
    }

    /** Copies a process's output to ours, line by line with {@code prefix}, and into {@code sink}. */
    public static Thread echo(Process process, String prefix, StringBuilder sink, Consumer<String> onLine) {
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
