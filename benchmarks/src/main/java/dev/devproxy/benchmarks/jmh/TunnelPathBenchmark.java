package dev.devproxy.benchmarks.jmh;

import dev.devproxy.internal.TunnelPath;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Path mapping, once per tunnel request: {@code /__ide/{id}/rest} to workspace and upstream path. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TunnelPathBenchmark {
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
