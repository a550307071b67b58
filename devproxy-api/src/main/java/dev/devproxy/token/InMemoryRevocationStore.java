package dev.devproxy.token;

import dev.devproxy.spi.IssuedCredential;
import dev.devproxy.spi.Revocation;
import dev.devproxy.spi.RevocationStore;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link RevocationStore}: revocations in maps in this JVM, one per scope, each forgotten after its
 * {@code keepUntil} (purged whenever a revocation is recorded). It protects one node only; behind a load balancer,
 * use a shared store. Thread-safe; {@link #isRevoked} is at most three map lookups.
 */
public final class InMemoryRevocationStore implements RevocationStore {
    private final Clock clock;
    private final Map<Revocation.Scope, ConcurrentHashMap<String, Revocation>> byScope =
            new EnumMap<>(Revocation.Scope.class);

    /** A store that reads the time from {@code clock}, to forget revocations no credential needs any more. */
    public InMemoryRevocationStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Revocation.Scope scope : Revocation.Scope.values()) {
            byScope.put(scope, new ConcurrentHashMap<>());
        }
    }

    @Override
    public void revoke(Revocation revocation) {
        Objects.requireNonNull(revocation, "revocation");
        purge();
        // The latest revocation of a subject or workspace covers everything an earlier one did.
        byScope.get(revocation.scope()).merge(revocation.value(), revocation,
                (earlier, later) -> later.revokedAt().isAfter(earlier.revokedAt()) ? later : earlier);
    }

    @Override
    public boolean isRevoked(IssuedCredential credential) {
        return covers(Revocation.Scope.SESSION, credential.id(), credential)
                || covers(Revocation.Scope.SUBJECT, credential.subject(), credential)
                || covers(Revocation.Scope.WORKSPACE, credential.workspace().value(), credential);
    }

    private boolean covers(Revocation.Scope scope, String value, IssuedCredential credential) {
        Revocation revocation = byScope.get(scope).get(value);
        return revocation != null && revocation.covers(credential);
    }

    /** How many revocations are remembered. */
    public int size() {
        return byScope.values().stream().mapToInt(Map::size).sum();
    }

    private void purge() {
        var now = clock.instant();
        byScope.values().forEach(map -> map.values().removeIf(revocation -> revocation.keepUntil().isBefore(now)));
    }

    /** The number of revocations; never what they name. */
    @Override
    public String toString() {
        return "InMemoryRevocationStore[size=" + size() + "]";
    }
}
