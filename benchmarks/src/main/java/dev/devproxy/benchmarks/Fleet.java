package dev.devproxy.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one run: the upstream JVM, nginx, and one JVM per devproxy container, each started on
 * this JVM's class path and stopped (by its own pid) when the run ends. Their logs go to the run directory.
 */
final class Fleet implements AutoCloseable {
    /** Options every JVM of the run gets: a 1 GiB heap cap, default (G1) collector. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-XX:+UseG1GC");

    /** {@code BENCH_PROXY_JVM_OPTIONS}: more options for the proxy JVMs (not the upstream's), or "". */
    static String extraProxyOptions() {
        String extra = System.getenv("BENCH_PROXY_JVM_OPTIONS");
        return extra == null ? "" : extra.trim();
    }

    private final Path logs;
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();

    Fleet(Path logs) {
        this.logs = logs;
        // A run cut short (Ctrl-C, timeout) must not leave proxies or nginx behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroy), "fleet-stop"));
    }

    /** Starts {@code mainClass} in a new JVM and returns it with the words of its {@code READY} line. */
    Started java(String name, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        String extra = extraProxyOptions();
        if (!extra.isEmpty() && !mainClass.equals(Upstream.class.getName())) {
            // For profiling, e.g. -XX:StartFlightRecording=filename=/tmp/{name}.jfr (see docs/benchmarks.md):
            // {name} becomes the process's name, so that each proxy writes a recording of its own.
            command.addAll(List.of(extra.trim().replace("{name}", name).split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(logs.resolve(name + ".log").toFile()).start();
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                String read;
                while ((read = out.readLine()) != null) {
                    if (read.startsWith("READY")) {
                        return read;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException(name + " did not start; see " + logs.resolve(name + ".log"));
        }
        return new Started(process, line.split(" "));
    }

    /** Starts nginx in front of {@code upstreamPort}; returns it and its port once it accepts connections. */
    Started nginx(int upstreamPort) throws Exception {
        int port = freePort();
        Process process = Nginx.start(logs.resolve("nginx"), port, upstreamPort);
        processes.add(process);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return new Started(process, new String[] {"READY", Integer.toString(port)});
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > until) {
                    throw new IllegalStateException("nginx did not start; see " + logs.resolve("nginx"), e);
                }
                Thread.sleep(100); // polling nginx's port, bounded by the deadline above
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A started process and the words of its READY line. */
    record Started(Process process, String[] ready) {
        long pid() {
            return process.pid();
        }
    }
}
