package dev.devproxy.spi;

import java.util.function.Consumer;

/**
 * Remembers revoked sessions, subjects and workspaces, so that a revoked credential is refused on the next request
 * and its live WebSockets close.
 *
 * <p><b>When:</b> {@link #revoke} when the application calls {@code DevProxy.revokeSession}, {@code revokeSubject}
 * or {@code revokeWorkspace}, on that thread; it may block briefly (a Redis write), and an exception means the
 * revocation was not recorded (the call fails). {@link #isRevoked} on every tunnel request and about once a second
 * for every live WebSocket: it must answer from memory, without I/O. It throws only to fail closed, when it cannot
 * tell (a shared store whose copy of the fleet's revocations has gone unconfirmed too long): devproxy then answers
 * the request with 503 and {@code Retry-After}, and closes the live WebSocket with {@code 4503}.
 *
 * <p>Behind a load balancer with several nodes, use a shared implementation that also calls the listeners given to
 * {@link #onRevocation} when another node revokes, so that this node closes its sockets at once; the default
 * {@link dev.devproxy.token.InMemoryRevocationStore} serves one JVM.
 */
public interface RevocationStore {
    /**
     * Records {@code revocation} until its {@code keepUntil}.
     *
     * @throws Exception if it could not be recorded; devproxy then fails the revoking call
     */
    void revoke(Revocation revocation) throws Exception;

    /**
     * Whether a recorded revocation covers {@code credential}; from memory, never blocking.
     *
     * @throws RuntimeException only when it cannot tell now and fails closed (answered 503, sockets closed 4503)
     */
    boolean isRevoked(IssuedCredential credential);

    /**
     * Registers a listener for revocations recorded elsewhere (another node); devproxy closes the live sockets they
     * cover. The default records none: a store of one JVM learns every revocation through {@link #revoke}.
     */
    default void onRevocation(Consumer<Revocation> listener) {
    }
}
