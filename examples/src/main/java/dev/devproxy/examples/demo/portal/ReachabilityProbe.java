package dev.devproxy.examples.demo.portal;

import dev.devproxy.PathMode;
import dev.devproxy.Routing;
import dev.devproxy.examples.demo.DemoWorkspace;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asks each workspace's upstream directly, not through the tunnel, whether it answers: what an operator
 * checks first when a tunnel shows "Workspace unreachable".
 */
public final class ReachabilityProbe implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * What one probe found.
     *
     * @param workspace the workspace probed
     * @param reachable whether the upstream answered with any HTTP status
     * @param detail e.g. {@code HTTP 302 in 3 ms} or {@code connection refused}
     */
    public record Result(DemoWorkspace workspace, boolean reachable, String detail) {
    }

    // HTTP/1.1 only: by default the JDK client offers "Upgrade: h2c", and code-server (Node.js) answers
    // that by dropping the connection, which made a running code-server look unreachable.
    // Our own executor, shut down in close(): the client's default one would outlive the web application
    // (Tomcat warns about its threads when the portal stops).
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "demo-reachability-probe");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .executor(executor)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Routing routing;

    /** A probe for workspaces served with {@code routing} (which decides what a preserve-mode app's root is). */
    public ReachabilityProbe(Routing routing) {
        this.routing = routing;
    }

    /** Probes all {@code workspaces} at once; returns within about two seconds whatever they do. */
    public List<Result> probe(List<DemoWorkspace> workspaces) {
        List<CompletableFuture<Result>> probes = workspaces.stream().map(this::probe).toList();
        return probes.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<Result> probe(DemoWorkspace workspace) {
        URI uri = URI.create(workspace.target().baseUri() + upstreamRoot(workspace));
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new Result(workspace, true, "HTTP " + response.statusCode() + " in "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"))
                .exceptionally(failure -> new Result(workspace, false, describe(failure)));
    }

    /**
     * What the workspace's root in the browser maps to upstream: {@code /}, except for a preserve-mode app under a
     * path of the application's origin, which is told that path ({@code /__ide/{id}/}). On an origin of its own
     * ({@link Routing#hosts}) the public path is {@code /} whatever the mode.
     */
    String upstreamRoot(DemoWorkspace workspace) {
        if (workspace.target().pathMode() == PathMode.PRESERVE && !routing.servesHosts()) {
            return routing.tunnelPrefix().orElseThrow() + "/" + workspace.id().value() + "/";
        }
        return "/";
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ConnectException) {
            return "connection refused: nothing listens there";
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        return cause.getClass().getSimpleName();
    }

    /** Stops the probe's threads; probes still running fail. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
