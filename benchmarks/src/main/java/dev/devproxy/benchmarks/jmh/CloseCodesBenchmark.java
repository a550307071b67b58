package dev.devproxy.benchmarks.jmh;

import dev.devproxy.internal.ws.CloseCodes;
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
import org.openjdk.jmh.infra.Blackhole;

/** Close-code mapping, once per closed WebSocket pair: received codes, reserved ones and a long reason. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CloseCodesBenchmark {
    private final int[] received = {1000, 1001, 1005, 1006, 1011, 1014, 1015, 3000, 4403, 4999};
    private final String reason = "the upstream went away while a long close reason was being written: " + "x".repeat(100);

    /** Every code of a typical mix mapped to one that may be sent. */
    @Benchmark
    public void toSendable(Blackhole sink) {
        for (int code : received) {
            sink.consume(CloseCodes.toSendable(code));
        }
    }

    /** A close reason cut to what fits in a close frame. */
    @Benchmark
    public String truncateReason() {
        return CloseCodes.truncateReason(reason);
    }
}
