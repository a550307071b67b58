package dev.devproxy.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the suite finds what {@code e2e-ides/install.sh} installs, and the loud skip when something is
 * missing. code-server lives outside the work tree, in {@code $DEVPROXY_E2E_HOME} (default
 * {@code /opt/devproxy-e2e}), so that {@code mvn clean} and a fresh clone do not reinstall it.
 */
final class E2eEnvironment {
    /** The newest code-server that runs on Node.js 20; keep in step with install.sh. */
    static final String CODE_SERVER_VERSION = "4.100.3";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path NOVNC_WEB = Path.of("/usr/share/novnc");
    /** Set to {@code true} (CI does) to fail instead of skip when something is missing. */
    static final String REQUIRED = "DEVPROXY_E2E_REQUIRED";

    private E2eEnvironment() {
    }

    /** This module's folder (surefire runs tests there). */
    static Path module() {
        return Path.of("").toAbsolutePath();
    }

    /** Where runs keep their logs, screenshots and scratch folders. */
    static Path workDirectory() {
        return module().resolve("target/e2e-ides");
    }

    static Path logDirectory() {
        return workDirectory().resolve("logs");
    }

    static Path browserScripts() {
        return module().resolve("src/test/browser");
    }

    static Path codeServer() {
        String home = System.getenv().getOrDefault("DEVPROXY_E2E_HOME", "/opt/devproxy-e2e");
        return Path.of(home, "code-server-" + CODE_SERVER_VERSION, "node_modules/.bin/code-server");
    }

    /**
     * Null if every program the suite drives is installed; otherwise, loudly (a banner on standard error), why the
     * suite is skipped. Fails instead where {@value #REQUIRED} is {@code true}, so CI cannot go green by skipping.
     */
    static String skipReasonUnlessInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM.toString());
        }
        if (!Files.isExecutable(codeServer())) {
            missing.add("code-server " + CODE_SERVER_VERSION + " at " + codeServer());
        }
        if (!Files.isRegularFile(NOVNC_WEB.resolve("vnc.html"))) {
            missing.add("noVNC in " + NOVNC_WEB);
        }
        for (String tool : List.of("node", "npm", "Xvfb", "x11vnc", "xterm", "websockify", "jupyter-notebook")) {
            if (onPath(tool) == null) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        String what = "the real-IDE end-to-end suite: missing " + String.join(", ", missing)
                + ". To run it: sudo e2e-ides/install.sh (CI's .ci/run does this).";
        if (Boolean.parseBoolean(System.getenv(REQUIRED))) {
            throw new AssertionError("FAILED " + what + " " + REQUIRED + "=true says it must run here.");
        }
        String message = "SKIPPED " + what;
        String rule = "!".repeat(Math.min(message.length(), 100));
        System.err.println(rule + "\n" + message + "\n" + rule);
        return message;
    }

    private static Path onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst().orElse(null);
    }
}
