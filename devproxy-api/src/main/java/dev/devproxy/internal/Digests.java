package dev.devproxy.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Internal: not API. The SHA-1 and SHA-256 digests the engine takes on every upgrade and session check (the
 * WebSocket accept key, the session cache's key), each from a copy of one digest looked up once: a copy is cheaper
 * than looking the algorithm up among the security providers every time (about 0.5% of the CPU of an upgrade, per
 * digest, in the profiles of docs/benchmarks.md). Thread-safe: the prototypes are never updated, only copied.
 */
public final class Digests {
    private static final MessageDigest SHA_1 = lookUp("SHA-1");
    private static final MessageDigest SHA_256 = lookUp("SHA-256");

    private Digests() {
    }

    /** The SHA-1 digest of {@code input}. */
    public static byte[] sha1(byte[] input) {
        return copy(SHA_1).digest(input);
    }

    /** The SHA-256 digest of {@code input}. */
    public static byte[] sha256(byte[] input) {
        return copy(SHA_256).digest(input);
    }

    private static MessageDigest copy(MessageDigest prototype) {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp(prototype.getAlgorithm()); // a provider whose digests cannot be copied
        }
    }

    private static MessageDigest lookUp(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }
}
