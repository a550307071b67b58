package dev.devproxy.benchmarks.jmh;

import dev.devproxy.Caller;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.spi.IssuedCredential;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every hot-path benchmark shares (JMH inherits them): average nanoseconds per call, three
 * one-second warm-up and five one-second measured iterations in one fork, about ten seconds a method; and the
 * admitted exchange those that need one proxy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class HotPathBenchmark {

    /** alice's request for {@code /static/app.js} of workspace ws-1, on app.example.com, proxied to {@code target}. */
    static Exchange exchangeTo(Target target) {
        WorkspaceId workspace = WorkspaceId.of("ws-1");
        return new Exchange(workspace, new Caller("alice", workspace, Instant.now().plusSeconds(3600)),
                new IssuedCredential("s-1", "alice", workspace, Instant.now()), false, target, HeaderPolicy.defaults(),
                "/__ide/ws-1", "/static/app.js", null, new BrowserOrigin("https", "app.example.com", 443), 0L);
    }
}
