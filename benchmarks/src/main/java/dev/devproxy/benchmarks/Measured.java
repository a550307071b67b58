package dev.devproxy.benchmarks;

/**
 * What one workload run measured at the client.
 *
 * @param operations requests or messages completed correctly
 * @param errors failed requests, wrong statuses, bad bodies, failed connects
 * @param bytes payload bytes received
 * @param nanos the measured interval
 * @param p50Micros median latency, NaN where not measured
 * @param p99Micros 99th percentile latency, NaN where not measured
 * @param lost WebSocket messages sent but never echoed
 * @param misordered WebSocket messages echoed out of order
 * @param corrupt WebSocket messages echoed with a bad checksum
 */
public record Measured(long operations, long errors, long bytes, long nanos, double p50Micros, double p99Micros,
        long lost, long misordered, long corrupt) {

    /** Operations per second. */
    public double perSecond() {
        return operations * 1e9 / nanos;
    }

    /** Payload megabytes (10^6) per second. */
    public double megabytesPerSecond() {
        return bytes * 1e3 / nanos;
    }

    /** Whether nothing went wrong. */
    public boolean clean() {
        return errors == 0 && lost == 0 && misordered == 0 && corrupt == 0;
    }
}
