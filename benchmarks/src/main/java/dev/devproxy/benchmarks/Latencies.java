package dev.devproxy.benchmarks;

import java.util.Arrays;

/** Latency samples in nanoseconds, bounded: beyond {@code capacity} samples, later ones are not kept. */
public final class Latencies {
    private final long[] samples;
    private int size;

    /** Keeps at most {@code capacity} samples. */
    public Latencies(int capacity) {
        this.samples = new long[capacity];
    }

    /** Records one sample; thread-safe. */
    public synchronized void record(long nanos) {
        if (size < samples.length) {
            samples[size++] = nanos;
        }
    }

    /** The {@code p}-th percentile (0..100) in microseconds, or NaN without samples. */
    public synchronized double percentileMicros(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
        return sorted[index] / 1000.0;
    }
}
