package dev.devproxy.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One program of a real app (code-server, Xvfb, Jupyter, ...) started for the suite: its output goes to a
 * log file under {@code target/e2e-ides/logs/}, whose tail is quoted when it fails to start. Closing it stops
 * the program and everything it started (SIGTERM, then SIGKILL after a few seconds).
 */
final class AppProcess implements AutoCloseable {
    private static final Duration STOP = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code directory} with {@code environment} added to ours. */
    static AppProcess start(String name, List<String> command, Path directory, Map<String, String> environment)
            throws IOException {
        Path log = E2eEnvironment.logDirectory().resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        System.out.println("[e2e] started " + name + " (pid " + process.pid() + "): " + String.join(" ", command));
        return new AppProcess(name, process, log);
    }

    /** Waits until {@code url} answers HTTP with any status; fails with the log's tail if it never does. */
    AppProcess awaitHttp(URI url, Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        long started = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before answering " + url
                        + "; its log ends:\n" + logTail());
            }
            try {
                client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                System.out.printf("[e2e] %s answers %s after %.1f s%n", name, url, (System.nanoTime() - started) / 1e9);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(200);   // polling a process we do not control, bounded by the deadline above
            }
        }
        throw new AssertionError(name + " did not answer " + url + " within " + timeout + "; its log ends:\n" + logTail());
    }

    /** Fails with the log's tail if the program has exited. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; its log ends:\n" + logTail());
        }
    }

    /** The process, e.g. to read what it prints. */
    Process process() {
        return process;
    }

    /** The last lines of the program's log. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.onExit().completeOnTimeout(child, STOP.toSeconds(), TimeUnit.SECONDS).join();
            child.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
