package dev.devproxy.redis;

import dev.devproxy.spi.IssuedCredential;
import dev.devproxy.spi.Revocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's copy of the fleet's live revocations, the latest per scope and value: what
 * {@link RedisRevocationStore#isRevoked} reads, with at most three map lookups and no I/O. Thread-safe.
 */
final class RevocationCopy {
    private final Map<Revocation.Scope, ConcurrentHashMap<String, Revocation>> byScope =
            new EnumMap<>(Revocation.Scope.class);

    RevocationCopy() {
        for (Revocation.Scope scope : Revocation.Scope.values()) {
            byScope.put(scope, new ConcurrentHashMap<>());
        }
    }

    /**
     * Adds {@code revocation} unless a later one of the same scope and value is known (it covers everything the
     * earlier one does).
     *
     * @return whether the copy changed: a revocation this node did not know, whose sockets must close
     */
    boolean merge(Revocation revocation) {
        boolean[] changed = {false};
        byScope.get(revocation.scope()).compute(revocation.value(), (value, known) -> {
            if (known == null || revocation.revokedAt().isAfter(known.revokedAt())) {
                changed[0] = true;
                return revocation;
            }
            return known;
        });
        return changed[0];
    }

    boolean covers(IssuedCredential credential) {
        return covers(Revocation.Scope.SESSION, credential.id(), credential)
                || covers(Revocation.Scope.SUBJECT, credential.subject(), credential)
                || covers(Revocation.Scope.WORKSPACE, credential.workspace().value(), credential);
    }

    private boolean covers(Revocation.Scope scope, String value, IssuedCredential credential) {
        Revocation revocation = byScope.get(scope).get(value);
        return revocation != null && revocation.covers(credential);
    }

    /** Forgets revocations kept until before {@code now}: no credential they cover can still be valid. */
    void purge(Instant now) {
        byScope.values().forEach(map -> map.values().removeIf(revocation -> revocation.keepUntil().isBefore(now)));
    }

    List<Revocation> all() {
        List<Revocation> all = new ArrayList<>();
        byScope.values().forEach(map -> all.addAll(map.values()));
        return all;
    }

    int size() {
        return byScope.values().stream().mapToInt(Map::size).sum();
    }
}
