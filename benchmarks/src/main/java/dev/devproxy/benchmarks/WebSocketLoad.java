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
 * The WebSocket workloads, on Jetty's WebSocket client: request/response (one message in flight per socket,
 * text only or text and binary in turn, latency per round trip), pipelined (a window of binary messages in
 * flight per socket) and upgrades (a socket opened, one message echoed, closed, again and again). Every
 * message carries a sequence number and a CRC-32 ({@link Frames}); what is lost, misordered or corrupt is
 * counted. Except for upgrades, sockets are opened before the clock starts and closed after it stops.
 *
 * <p>Jetty's client masks every frame it sends as a browser does, with a new 4-byte key per frame (from a
 * {@code SecureRandom} per connection: {@code WebSocketConnection.enqueueFrame} in jetty-websocket-core-common
 * 12.1), and sends each message as one frame.
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

    /**
     * Request/response as a browser IDE's socket carries it: {@code connections} sockets, each sending a
     * {@code size}-byte message when the last came back, text and binary in turn.
     */
    public Measured mixedRequestResponse(Endpoint endpoint, int connections, int size, Bound bound) throws Exception {
        Latencies latencies = new Latencies(2_000_000);
        byte[] filler = Payloads.bytes(size + 128, 0xb2);
        return run(endpoint, connections, bound, latencies, (socket, stop) -> {
            if (socket.sentNanos != 0) {
                latencies.record(System.nanoTime() - socket.sentNanos);
            }
            if (!stop) {
                socket.sendTextOrBinary(size, filler);
            }
        }, socket -> socket.sendTextOrBinary(size, filler), size);
    }

    /**
     * Upgrades: {@code concurrency} clients, each opening a socket, sending one {@code size}-character text
     * message, awaiting its echo and closing (1000) until it saw the close answered, then starting over, until
     * {@code bound}. An operation is one such socket, counted when it passed all of it; a failed upgrade, a
     * missing or bad echo or a close not answered within 30 s is an error. Latency is that of the whole cycle.
     */
    public Measured upgrades(Endpoint endpoint, int concurrency, int size, Bound bound) throws Exception {
        Latencies latencies = new Latencies(1_000_000);
        AtomicLong started = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        AtomicLong misordered = new AtomicLong();
        AtomicLong corrupt = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + bound.duration().toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < deadline && started.incrementAndGet() <= bound.maxOperations()) {
                    long began = System.nanoTime();
                    StreamCheck check = new StreamCheck();
                    if (upgradeOnce(endpoint, check, size)) {
                        completed.incrementAndGet();
                        latencies.record(System.nanoTime() - began);
                    } else {
                        errors.incrementAndGet();
                    }
                    lost.addAndGet(check.lost());
                    misordered.addAndGet(check.misordered());
                    corrupt.addAndGet(check.corrupt());
                }
            }, "upgrades-" + i);
            client.start();
            clients.add(client);
        }
        long joinBy = System.nanoTime() + bound.duration().plus(drainTimeout).plusSeconds(90).toNanos();
        for (Thread client : clients) {
            client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        }
        long nanos = System.nanoTime() - start;
        long stuck = clients.stream().filter(Thread::isAlive).count();
        return new Measured(completed.get(), errors.get() + stuck, completed.get() * size, nanos,
                latencies.percentileMicros(50), latencies.percentileMicros(99), lost.get(), misordered.get(),
                corrupt.get());
    }

    /** One socket of {@link #upgrades}, checked by {@code check}: open, one echo, close; whether all went well. */
    private boolean upgradeOnce(Endpoint endpoint, StreamCheck check, int size) {
        CountDownLatch echoed = new CountDownLatch(1);
        LoadSocket socket = new LoadSocket(check, s -> echoed.countDown());
        try {
            open(endpoint, socket).get(30, TimeUnit.SECONDS);
            socket.sendText(size);
            boolean good = echoed.await(30, TimeUnit.SECONDS) && check.receivedCount() == 1 && check.corrupt() == 0
                    && check.misordered() == 0;
            socket.session().close(1000, "done", org.eclipse.jetty.websocket.api.Callback.NOOP);
            return socket.closed.await(30, TimeUnit.SECONDS) && good;
        } catch (Exception e) {
            Session session = socket.session();
            if (session != null) {
                session.disconnect();
            }
            return false;
        }
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
