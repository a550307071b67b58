package dev.devproxy.benchmarks;

/**
 * One workload run against one target in one round, with the CPU seconds each process spent meanwhile.
 *
 * @param round the round, from 1
 * @param target the target's name
 * @param workload the workload
 * @param measured what the client measured
 * @param proxyCpu the proxy's CPU seconds (0 for DIRECT)
 * @param proxyCompilerCpu of those, the seconds its JIT compiler threads spent (0 for DIRECT and nginx)
 * @param upstreamCpu the upstream's CPU seconds
 * @param clientCpu the load client's CPU seconds
 * @param proxyRssKiB the proxy's RSS after the run (0 for DIRECT)
 */
public record Sample(int round, String target, Workload workload, Measured measured, double proxyCpu,
        double proxyCompilerCpu, double upstreamCpu, double clientCpu, long proxyRssKiB) {
}
