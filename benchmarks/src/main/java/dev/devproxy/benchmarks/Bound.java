package dev.devproxy.benchmarks;

import java.time.Duration;

/**
 * How long a workload runs: until {@code duration} has passed or {@code maxOperations} were started,
 * whichever comes first. Every load test is bounded in both.
 *
 * @param duration the time bound
 * @param maxOperations the count bound
 */
public record Bound(Duration duration, long maxOperations) {
}
