package dev.devproxy.benchmarks;

import java.net.URI;

/**
 * Where the load client sends a workload: a port on 127.0.0.1, the path prefix in front of the upstream's
 * paths ({@code ""} direct, {@code /__ide/bench} through a proxy) and the {@code Cookie} header value, sent
 * to every target alike (devproxy needs it; nginx and the upstream ignore it).
 *
 * @param name the target's name in the report
 * @param port the port on 127.0.0.1
 * @param prefix the path prefix, no trailing slash
 * @param cookie the {@code Cookie} header value, or null
 */
public record Endpoint(String name, int port, String prefix, String cookie) {
    /** {@code http://127.0.0.1:<port><prefix><path>}. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + prefix + path);
    }

    /** {@code ws://127.0.0.1:<port><prefix><path>}. */
    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + prefix + path);
    }

    /** The browser origin of this endpoint, for the {@code Origin} of WebSocket upgrades. */
    public String origin() {
        return "http://127.0.0.1:" + port;
    }
}
