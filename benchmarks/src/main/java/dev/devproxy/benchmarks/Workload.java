package dev.devproxy.benchmarks;

/**
 * The workloads of a run, each with its fixed shape. Throughput is requests or messages per second, or
 * MB/s for the bulk workloads; the proxy's CPU is divided by the same unit.
 */
public enum Workload {
    /** GET 1 KiB, 16 requests in flight. */
    SMALL_GET("small GET 1 KiB", false, "req/s", "µs/req"),
    /** GET 10 MiB, 2 requests in flight. */
    LARGE_GET("large GET 10 MiB", true, "MB/s", "s/GB"),
    /** POST 16 KiB echoed, 16 requests in flight. */
    POST_ECHO("POST echo 16 KiB", false, "req/s", "µs/req"),
    /** WebSocket request/response, 1 KiB text, 50 sockets, one message in flight each. */
    WS_REQUEST_RESPONSE("WS req/resp 1 KiB ×50", false, "msg/s", "µs/msg"),
    /** WebSocket pipelined, 16 KiB binary, 4 sockets with 8 messages in flight each. */
    WS_PIPELINED("WS pipelined 16 KiB", true, "MB/s", "s/GB"),
    /**
     * Issue 29's browser-shaped request/response: 1 KiB messages, text and binary in turn on each socket, 50
     * sockets with one message in flight each, every frame masked with a key of its own (as in all workloads).
     */
    WS_BROWSER_REQUEST_RESPONSE("WS browser req/resp 1 KiB text+binary ×50", false, "msg/s", "µs/msg"),
    /** Issue 29's browser-shaped pipelined load: 16 KiB binary, 10 sockets with 16 messages in flight each. */
    WS_BROWSER_PIPELINED("WS browser pipelined 16 KiB ×10, window 16", true, "MB/s", "s/GB"),
    /**
     * What a WebSocket costs to open and close: 16 clients in parallel, each opening a socket through the proxy
     * (the upgrade and the proxy's dial to the upstream), echoing one 64-byte text message and closing it (1000),
     * at most {@value #UPGRADES} sockets per measured run; proxy CPU per socket.
     */
    WS_UPGRADE("WS upgrade, 1 echo, close ×16", false, "conn/s", "µs/conn");

    /** Sockets opened, at most, per measured run of {@link #WS_UPGRADE}. */
    static final int UPGRADES = 2_000;
    /** Sockets opened, at most, while {@link #WS_UPGRADE} warms a proxy up: the warm-up's time is what bounds it. */
    static final int WARM_UP_UPGRADES = 100_000;

    final String label;
    final boolean bulk;
    final String throughputUnit;
    final String cpuUnit;
    final boolean webSocket = name().startsWith("WS_");

    Workload(String label, boolean bulk, String throughputUnit, String cpuUnit) {
        this.label = label;
        this.bulk = bulk;
        this.throughputUnit = throughputUnit;
        this.cpuUnit = cpuUnit;
    }

    /** The workload's throughput in its unit. */
    double throughput(Measured measured) {
        return bulk ? measured.megabytesPerSecond() : measured.perSecond();
    }

    /** {@code cpuSeconds} of the proxy per unit: µs per request or message, or seconds per GB. */
    double cpuPerUnit(double cpuSeconds, Measured measured) {
        if (bulk) {
            return measured.bytes() == 0 ? Double.NaN : cpuSeconds / (measured.bytes() / 1e9);
        }
        return measured.operations() == 0 ? Double.NaN : cpuSeconds * 1e6 / measured.operations();
    }

    /**
     * Runs this workload against {@code endpoint} to warm it up, for {@code duration}: as {@link #run}, except that
     * {@link #WS_UPGRADE} is not stopped at {@value #UPGRADES} sockets (the upgrade path needs more to be compiled).
     */
    Measured warmUp(HttpLoad http, WebSocketLoad ws, Endpoint endpoint, java.time.Duration duration) throws Exception {
        if (this == WS_UPGRADE) {
            return ws.upgrades(endpoint, 16, 64, new Bound(duration, WARM_UP_UPGRADES));
        }
        return run(http, ws, endpoint, duration);
    }

    /** Runs this workload once against {@code endpoint}. */
    Measured run(HttpLoad http, WebSocketLoad ws, Endpoint endpoint, java.time.Duration duration) throws Exception {
        return switch (this) {
            case SMALL_GET -> http.run(HttpLoad.Kind.SMALL_GET, endpoint, 16, new Bound(duration, 5_000_000));
            case LARGE_GET -> http.run(HttpLoad.Kind.LARGE_GET, endpoint, 2, new Bound(duration, 50_000));
            case POST_ECHO -> http.run(HttpLoad.Kind.POST_ECHO, endpoint, 16, new Bound(duration, 5_000_000));
            case WS_REQUEST_RESPONSE -> ws.requestResponse(endpoint, 50, 1024, new Bound(duration, 10_000_000));
            case WS_PIPELINED -> ws.pipelined(endpoint, 4, 8, 16 * 1024, new Bound(duration, 10_000_000));
            case WS_BROWSER_REQUEST_RESPONSE -> ws.mixedRequestResponse(endpoint, 50, 1024,
                    new Bound(duration, 10_000_000));
            case WS_BROWSER_PIPELINED -> ws.pipelined(endpoint, 10, 16, 16 * 1024, new Bound(duration, 10_000_000));
            case WS_UPGRADE -> ws.upgrades(endpoint, 16, 64, new Bound(duration, UPGRADES));
        };
    }
}
