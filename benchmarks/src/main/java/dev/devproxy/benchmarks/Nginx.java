package dev.devproxy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx as the reference reverse proxy, run under a prefix of its own (never the system service):
 * one worker, keep-alive to the upstream, buffering off both ways, 64 KiB proxy buffers, WebSocket upgrade
 * headers, no access log. It strips {@code /__ide/bench} like devproxy's strip mode does.
 */
public final class Nginx {
    private Nginx() {
    }

    /** The configuration for a proxy on {@code port} in front of the upstream on {@code upstreamPort}. */
    static String config(Path prefix, int port, int upstreamPort) {
        return String.join("\n", List.of(
                "worker_processes 1;",
                "worker_rlimit_nofile 20000;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("error.log") + " warn;",
                "events { worker_connections 19900; multi_accept on; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + prefix.resolve("client_body") + ";",
                "  proxy_temp_path " + prefix.resolve("proxy_temp") + ";",
                "  fastcgi_temp_path " + prefix.resolve("fastcgi_temp") + ";",
                "  uwsgi_temp_path " + prefix.resolve("uwsgi_temp") + ";",
                "  scgi_temp_path " + prefix.resolve("scgi_temp") + ";",
                "  keepalive_requests 1000000;",
                "  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }",
                "  upstream bench { server 127.0.0.1:" + upstreamPort + "; keepalive 64; keepalive_requests 1000000; }",
                "  server {",
                "    listen 127.0.0.1:" + port + " backlog=4096;",
                "    location /__ide/bench/ {",
                "      proxy_pass http://bench/;",
                "      proxy_http_version 1.1;",
                "      proxy_set_header Upgrade $http_upgrade;",
                "      proxy_set_header Connection $connection_upgrade;",
                "      proxy_set_header Host $host;",
                "      proxy_buffering off;",
                "      proxy_request_buffering off;",
                "      proxy_buffer_size 64k;",
                "      proxy_buffers 8 64k;",
                "      proxy_read_timeout 3600s;",
                "      proxy_send_timeout 3600s;",
                "    }",
                "  }",
                "}",
                ""));
    }

    /** Writes the configuration under {@code prefix} and starts nginx in the foreground. */
    static Process start(Path prefix, int port, int upstreamPort) throws IOException {
        Files.createDirectories(prefix);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config(prefix, port, upstreamPort));
        return new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile())
                .start();
    }
}
