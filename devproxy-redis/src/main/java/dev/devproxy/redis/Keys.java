package dev.devproxy.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The names of devproxy's keys and channel in Redis, all under the configured prefix. */
final class Keys {
    private final String prefix;

    Keys(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The key that marks {@code tokenId} spent: a SHA-256 of the id, not the id. devproxy's own ids are random UUIDs
     * (the {@code jti}), which are no secret, but a {@code TokenVerifier} of the integrator's may answer the token
     * itself as its id (an opaque token looked up in a table): hashed, Redis never holds a usable token whichever
     * verifier runs, and keys have one length however long the ids are.
     */
    String spent(String tokenId) {
        return prefix + "spent:" + sha256(tokenId);
    }

    /** The sorted set of live revocations, each scored by the epoch millisecond until which it is kept. */
    String revocations() {
        return prefix + "revocations";
    }

    /** The channel on which nodes tell each other of revocations and closed workspaces. */
    String events() {
        return prefix + "events";
    }

    static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
