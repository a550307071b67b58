package dev.devproxy.benchmarks.jmh;

import dev.devproxy.internal.TunnelPath;
import org.openjdk.jmh.annotations.Benchmark;

/** Path mapping, once per tunnel request: {@code /__ide/{id}/rest} to workspace and upstream path. */
public class TunnelPathBenchmark extends HotPathBenchmark {
    private final String asset = "/__ide/ws-1/stable-1a2b3c/static/out/vs/workbench/workbench.web.main.js";
    private final String encoded = "/app/__ide/ws-1/files/a%20b/c.txt?download=1";

    /** A code-server asset path under the root context. */
    @Benchmark
    public TunnelPath asset() {
        return TunnelPath.parse(asset, "", "/__ide");
    }

    /** A percent-encoded path with a query, under a context path. */
    @Benchmark
    public TunnelPath encodedWithContext() {
        return TunnelPath.parse(encoded, "/app", "/__ide");
    }
}
