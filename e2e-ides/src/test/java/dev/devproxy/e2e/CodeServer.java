package dev.devproxy.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real code-server on a loopback port, with no authentication of its own (devproxy is the gate), opened on a
 * workspace folder that holds {@link #KNOWN_FILE}. Its user settings turn off what would reach the internet
 * and render the terminal into the DOM (not WebGL), so the browser test can read what the shell printed.
 */
final class CodeServer implements AutoCloseable {
    static final String KNOWN_FILE = "README.txt";
    static final String KNOWN_CONTENT = "hello from the workspace";
    private static final Duration START = Duration.ofSeconds(90);
    private static final String SETTINGS = """
            {
              "terminal.integrated.gpuAcceleration": "off",
              "workbench.startupEditor": "none",
              "security.workspace.trust.enabled": false,
              "telemetry.telemetryLevel": "off",
              "extensions.autoCheckUpdates": false,
              "extensions.autoUpdate": false,
              "update.mode": "none"
            }
            """;

    private final AppProcess process;
    private final URI uri;
    private final Path folder;

    private CodeServer(AppProcess process, URI uri, Path folder) {
        this.process = process;
        this.uri = uri;
        this.folder = folder;
    }

    static CodeServer start(Path scratch) throws IOException, InterruptedException {
        Path home = Files.createDirectories(scratch.resolve("home"));
        Path folder = Files.createDirectories(scratch.resolve("workspace"));
        Path userData = Files.createDirectories(scratch.resolve("user-data/User"));
        Files.writeString(folder.resolve(KNOWN_FILE), KNOWN_CONTENT + "\n");
        Files.writeString(userData.resolve("settings.json"), SETTINGS);
        int port = FreePorts.next();
        URI uri = URI.create("http://127.0.0.1:" + port);
        AppProcess process = AppProcess.start("code-server", List.of(E2eEnvironment.codeServer().toString(),
                        "--bind-addr", "127.0.0.1:" + port, "--auth", "none",
                        "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
                        "--user-data-dir", userData.getParent().toString(),
                        "--extensions-dir", scratch.resolve("extensions").toString(), folder.toString()),
                scratch, Map.of("HOME", home.toString(), "SHELL", "/bin/bash"));
        try {
            process.awaitHttp(uri.resolve("/healthz"), START);
        } catch (AssertionError | InterruptedException e) {
            process.close();
            throw e;
        }
        return new CodeServer(process, uri, folder);
    }

    URI uri() {
        return uri;
    }

    /** The folder code-server has open: what the explorer lists and where files created in the UI land. */
    Path folder() {
        return folder;
    }

    AppProcess process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
