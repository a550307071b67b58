package dev.devproxy.redis.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GatewayNode} in a JVM of its own, on this test's class path; its output goes to a log file. Stopped by its
 * PID.
 */
final class NodeProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final Path log;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts a node; {@link #port()} waits until it serves. */
    static NodeProcess start(String name, GatewayServers.Container container, int redisPort, String upstream,
            String secretsHex, Path logDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(),
                // Small and quick to start: three of these share two cores with the build.
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", System.getProperty("java.class.path"),
                GatewayNode.class.getName(), container.name(), Integer.toString(redisPort), upstream, secretsHex,
                name));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        NodeProcess node = new NodeProcess(name, process, log);
        Thread pump = new Thread(node::pumpOutput, name + "-output");
        pump.setDaemon(true);
        pump.start();
        return node;
    }

    private void pumpOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.println(line);
                if (line.startsWith("READY ")) {
                    ready.complete(Integer.parseInt(line.substring(6).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready; see " + log));
    }

    /** The node's port, once it serves. */
    int port() throws Exception {
        return ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills it at once (SIGKILL), as a crashed machine would vanish. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops it (SIGTERM, its shutdown hook closes the server and the fleet), SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
