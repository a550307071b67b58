package dev.devproxy.redis.fleet;

import dev.devproxy.testkit.redis.RealRedis;
import dev.devproxy.testkit.redis.RedisProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy in front of the nodes on a free loopback port: round robin per request, no stickiness, health
 * checks every 200 ms, and a request whose node refuses the connection retried on another ({@code redispatch}), as
 * a production load balancer is set up. Stopped by its PID.
 */
final class Haproxy implements AutoCloseable {
    private final Process process;
    private final int port;

    private Haproxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Haproxy start(List<Integer> nodePorts, Path workDir) throws IOException, InterruptedException {
        int port = RedisProcess.freePort();
        StringBuilder config = new StringBuilder("""
                global
                    maxconn 4096
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                    timeout tunnel 60s
                    retries 2
                    option redispatch
                frontend browsers
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri /admin/health ver HTTP/1.1 hdr Host localhost
                    default-server inter 200ms fall 1 rise 1
                """.formatted(port));
        for (int i = 0; i < nodePorts.size(); i++) {
            config.append("    server node").append(i + 1).append(" 127.0.0.1:").append(nodePorts.get(i))
                    .append(" check\n");
        }
        Files.createDirectories(workDir);
        Path file = workDir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(RealRedis.haproxy().toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("haproxy.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("haproxy did not start on port " + port + "; see " + workDir.resolve("haproxy.log"));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return new Haproxy(process, port);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static Duration healthInterval() {
        return Duration.ofMillis(200);
    }
}
