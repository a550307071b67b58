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
     * Records the use of {@code tokenId}, atomically: of any number of concurrent calls with one id, exactly one
     * returns {@code true}.
     *
     * @param tokenId the token's unique id
     * @param rememberUntil until when the id must be remembered: the token's expiry plus the verifier's clock skew
     *     ({@link TokenVerifier#clockSkew()}), as long as a verifier could still accept it. Forget it earlier and a
     *     replay gets through; keep it longer and nothing is lost but memory.
     * @return {@code true} the first time a given id is seen, {@code false} on every later call until
     *     {@code rememberUntil}
     */
    boolean firstUse(String tokenId, Instant rememberUntil);
}
