package dev.devproxy.benchmarks;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The HTTP workloads: a closed loop of {@code concurrency} requests in flight over keep-alive connections
 * (Jetty's asynchronous client, so the client spends no thread per connection), each response checked for
 * status, length and CRC-32 while it streams in, never buffered whole.
 */
public final class HttpLoad implements AutoCloseable {
    /** One of the HTTP workloads. */
    public enum Kind {
        /** GET 1 KiB. */
        SMALL_GET("/small", null, Payloads.small()),
        /** GET 10 MiB. */
        LARGE_GET("/large", null, Payloads.large()),
        /** POST 16 KiB, echoed. */
        POST_ECHO("/echo", Payloads.post(), Payloads.post());

        final String path;
        final byte[] requestBody;
        final long expectedLength;
        final long expectedCrc;

        Kind(String path, byte[] requestBody, byte[] responseBody) {
            this.path = path;
            this.requestBody = requestBody;
            this.expectedLength = responseBody.length;
            this.expectedCrc = Payloads.crc(responseBody);
        }
    }

    private final HttpClient client = new HttpClient();

    /** Starts the client; {@code maxConnections} per target. */
    public HttpLoad(int maxConnections) throws Exception {
        client.setMaxConnectionsPerDestination(maxConnections);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setIdleTimeout(60_000);
        client.start();
    }

    /** The started client, for the bootstrap request. */
    public HttpClient client() {
        return client;
    }

    /** Runs {@code kind} against {@code endpoint} with {@code concurrency} requests in flight. */
    public Measured run(Kind kind, Endpoint endpoint, int concurrency, Bound bound) throws InterruptedException {
        Run run = new Run(kind, endpoint, bound);
        long start = System.nanoTime();
        run.deadline = start + bound.duration().toNanos();
        for (int i = 0; i < concurrency; i++) {
            run.next();
        }
        boolean drained = run.done.await(bound.duration().toSeconds() + 60, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - start;
        long errors = run.errors.get() + (drained ? 0 : run.inFlight.get());
        return new Measured(run.ok.get(), errors, run.bytes.get(), nanos, run.latencies.percentileMicros(50),
                run.latencies.percentileMicros(99), 0, 0, 0);
    }

    /** One workload run: the closed loop and its counters. */
    private final class Run {
        final Kind kind;
        final URI uri;
        final Endpoint endpoint;
        final Bound bound;
        final AtomicLong started = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final Latencies latencies = new Latencies(2_000_000);
        final CountDownLatch done = new CountDownLatch(1);
        volatile long deadline;

        Run(Kind kind, Endpoint endpoint, Bound bound) {
            this.kind = kind;
            this.endpoint = endpoint;
            this.uri = endpoint.http(kind.path);
            this.bound = bound;
        }

        void next() {
            if (System.nanoTime() >= deadline || started.incrementAndGet() > bound.maxOperations()) {
                if (inFlight.get() == 0) {
                    done.countDown();
                }
                return;
            }
            inFlight.incrementAndGet();
            CRC32 crc = new CRC32();
            long[] length = {0};
            long sent = System.nanoTime();
            Request request = client.newRequest(uri).timeout(60, TimeUnit.SECONDS)
                    .method(kind.requestBody == null ? HttpMethod.GET : HttpMethod.POST);
            if (endpoint.cookie() != null) {
                request.headers(h -> h.put("Cookie", endpoint.cookie()));
            }
            if (kind.requestBody != null) {
                request.body(new BytesRequestContent("application/octet-stream", kind.requestBody));
            }
            request.onResponseContent((response, buffer) -> {
                length[0] += buffer.remaining();
                crc.update(buffer);
            }).send(result -> {
                boolean good = result.isSucceeded() && result.getResponse().getStatus() == 200
                        && length[0] == kind.expectedLength && crc.getValue() == kind.expectedCrc;
                if (good) {
                    latencies.record(System.nanoTime() - sent);
                    ok.incrementAndGet();
                    bytes.addAndGet(length[0]);
                } else if (errors.incrementAndGet() == 1) {
                    // The first failure of a run is printed (the run's output keeps it); the count goes in the report.
                    System.err.printf("%s %s: first error: %s%n", endpoint.name(), kind, result.isSucceeded()
                            ? "status " + result.getResponse().getStatus() + ", " + length[0] + " bytes"
                            : String.valueOf(result.getFailure()));
                }
                inFlight.decrementAndGet();
                next();
            });
        }
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
