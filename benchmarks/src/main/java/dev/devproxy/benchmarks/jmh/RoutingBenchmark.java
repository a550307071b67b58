package dev.devproxy.benchmarks.jmh;

import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.routing.BrowserOrigin;
import java.net.URI;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The routing work every tunnel request does besides its path ({@link TunnelPathBenchmark}): the resolver's
 * {@link Target}, the upstream origin the HTTP client and the WebSocket dial are given, the browser's origin from its
 * {@code Host}, and the workspace id. Each was among the largest items of devproxy's own CPU per small GET in the
 * profiles of {@code benchmarks/results/2026-12-08-0230-own-work.txt}.
 */
public class RoutingBenchmark extends HotPathBenchmark {
    private final URI base = URI.create("http://10.0.3.17:8080");
    private final Exchange exchange = exchangeTo(Target.strip(base));

    /** A resolver's answer: a target built per request from a URI it holds. */
    @Benchmark
    public Target target() {
        return Target.strip(base);
    }

    /** The upstream's origin, asked twice per proxied HTTP request and once per upgrade. */
    @Benchmark
    public URI upstreamOrigin() {
        return exchange.upstreamOrigin(false);
    }

    /** The browser's origin from a {@code Host} with a port. */
    @Benchmark
    public Optional<BrowserOrigin> browserOrigin() {
        return BrowserOrigin.parse("https", "app.example.com:8443");
    }

    /** The workspace id from its path segment. */
    @Benchmark
    public Optional<WorkspaceId> workspaceId() {
        return WorkspaceId.parse("ws-1a2b3c4d");
    }
}
