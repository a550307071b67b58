package dev.devproxy.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The WebSocket workloads, on Jetty's WebSocket client: request/response (one text message in flight per
 * socket, latency per round trip) and pipelined (a window of binary messages in flight per socket). Every
 * message carries a sequence number and a CRC-32 ({@link Frames}); what is lost, misordered or corrupt is
 * counted. Sockets are opened before the clock starts and closed after it stops.
 */
public final class WebSocketLoad implements AutoCloseable {
    private final WebSocketClient client = new WebSocketClient();
    private final Duration drainTimeout;

    /** Starts the client; after a workload's bound, echoes still owed are awaited up to {@code drainTimeout}. */
    public WebSocketLoad(Duration drainTimeout) throws Exception {
        this.drainTimeout = drainTimeout;
        client.getHttpClient().setMaxConnectionsPerDestination(30_000);
        client.getHttpClient().setMaxRequestsQueuedPerDestination(30_000);
        client.setIdleTimeout(Duration.ofMinutes(10));
        client.setConnectTimeout(30_000);
        client.setMaxBinaryMessageSize(1024 * 1024);
        client.setMaxTextMessageSize(1024 * 1024);
        client.start();
    }

    /** Opens a socket to {@code endpoint}'s {@code /ws}, as a browser on the endpoint's origin would. */
    CompletableFuture<Session> open(Endpoint endpoint, LoadSocket socket) throws java.io.IOException {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(endpoint.ws("/ws"));
        upgrade.setHeader("Origin", endpoint.origin());
        if (endpoint.cookie() != null) {
            upgrade.setHeader("Cookie", endpoint.cookie());
        }
        return client.connect(socket, upgrade);
    }

    /** Request/response: {@code connections} sockets, each sending a {@code size}-character text message when the last came back. */
    public Measured requestResponse(Endpoint endpoint, int connections, int size, Bound bound) throws Exception {
        Latencies latencies = new Latencies(2_000_000);
        return run(endpoint, connections, bound, latencies, (socket, stop) -> {
            if (socket.sentNanos != 0) {
                latencies.record(System.nanoTime() - socket.sentNanos);
            }
            if (!stop) {
                socket.sendText(size);
            }
        }, socket -> socket.sendText(size), size);
    }

    /** Pipelined: {@code connections} sockets, each keeping {@code window} binary messages of {@code size} bytes in flight. */
    public Measured pipelined(Endpoint endpoint, int connections, int window, int size, Bound bound) throws Exception {
        byte[] filler = Payloads.bytes(size + 128, 0xb1);
        return run(endpoint, connections, bound, null, (socket, stop) -> {
            if (!stop) {
                socket.sendBinary(size, filler);
            }
        }, socket -> {
            for (int i = 0; i < window; i++) {
                socket.sendBinary(size, filler);
            }
        }, size);
    }

    /** What a workload does when an echo arrived: {@code stop} is true once the bound is reached. */
    private interface OnEcho {
        void accept(LoadSocket socket, boolean stop);
    }

    private Measured run(Endpoint endpoint, int connections, Bound bound, Latencies latencies, OnEcho onEcho,
            Consumer<LoadSocket> first, int size) throws Exception {
        StreamCheck check = new StreamCheck();
        AtomicLong started = new AtomicLong();
        CountDownLatch drained = new CountDownLatch(connections);
        long[] deadline = {Long.MAX_VALUE};
        List<LoadSocket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            sockets.add(new LoadSocket(check, socket -> {
                boolean stop = System.nanoTime() >= deadline[0] || started.incrementAndGet() > bound.maxOperations();
                onEcho.accept(socket, stop);
                if (stop && socket.outstanding.get() == 0) {
                    drained.countDown();
                }
            }));
        }
        long errors = connectAll(endpoint, sockets);
        long start = System.nanoTime();
        deadline[0] = start + bound.duration().toNanos();
        for (LoadSocket socket : sockets) {
            if (socket.session() != null) {
                first.accept(socket);
            } else {
                drained.countDown();
            }
        }
        boolean complete = drained.await(bound.duration().plus(drainTimeout).toMillis(), TimeUnit.MILLISECONDS);
        long nanos = System.nanoTime() - start;
        closeAll(sockets);
        if (!complete) {
            errors++;
        }
        long received = check.receivedCount();
        return new Measured(received - check.misordered() - check.corrupt(), errors, received * size, nanos,
                latencies == null ? Double.NaN : latencies.percentileMicros(50),
                latencies == null ? Double.NaN : latencies.percentileMicros(99), check.lost(), check.misordered(),
                check.corrupt());
    }

    /** Opens every socket, at most 128 upgrades at a time; returns how many failed. */
    long connectAll(Endpoint endpoint, List<LoadSocket> sockets) throws Exception {
        long failed = 0;
        for (int from = 0; from < sockets.size(); from += 128) {
            List<CompletableFuture<Session>> batch = new ArrayList<>();
            for (LoadSocket socket : sockets.subList(from, Math.min(sockets.size(), from + 128))) {
                batch.add(open(endpoint, socket));
            }
            for (CompletableFuture<Session> future : batch) {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failed++;
                }
            }
        }
        return failed;
    }

    /** Closes every socket (1000) and waits, bounded, until each saw its close. */
    void closeAll(List<LoadSocket> sockets) throws InterruptedException {
        for (LoadSocket socket : sockets) {
            Session session = socket.session();
            if (session != null && session.isOpen()) {
                session.close(1000, "done", org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (LoadSocket socket : sockets) {
            if (socket.session() != null) {
                socket.closed.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
