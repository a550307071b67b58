package dev.devproxy.redis;

/**
 * Redis could not be reached, or did not answer within the command timeout, so devproxy cannot prove what it must:
 * that a launch token is spent for the first time, that a revocation was recorded, or (failing closed) that no other
 * node revoked a credential meanwhile. devproxy answers the request it was serving with 503 and {@code Retry-After}.
 *
 * <p>Its message names what failed and the Redis address at most; never a password, token or key.
 */
public final class RedisUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}, caused by the Redis client's {@code cause}. */
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Without a stack trace: thrown on every tunnel request while the revocation copy is stale, where the trace would
     * say nothing the message does not and cost more than the answer.
     */
    RedisUnavailableException(String message) {
        super(message, null, false, false);
    }
}
