package dev.devproxy.spi;

import java.time.Instant;

/**
 * Remembers which launch tokens were used, so each opens the IDE once.
 *
 * <p><b>When:</b> at every successful bootstrap, after the token verified. <b>Thread:</b> a container
 * request thread; may block briefly (a Redis {@code SET NX PX}). An exception means the store is down:
 * the bootstrap is answered with 503 rather than letting a token through twice.
 *
 * <p>Behind a load balancer with several API nodes, use a shared implementation; the default
 * {@link dev.devproxy.token.InMemoryReplayStore} only protects one JVM.
 */
@FunctionalInterface
public interface ReplayStore {
    /**
     * Records the use of {@code tokenId}.
     *
     * @param tokenId the token's unique id
     * @param expiresAt when the token expires; the entry may be forgotten after that
     * @return {@code true} the first time a given id is seen, {@code false} on every later call
     */
    boolean firstUse(String tokenId, Instant expiresAt);
}
