package dev.devproxy.benchmarks.jmh;

import dev.devproxy.internal.ws.frames.CloseCodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/** Close-code mapping, once per closed WebSocket pair: received codes, reserved ones and a long reason. */
public class CloseCodesBenchmark extends HotPathBenchmark {
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
