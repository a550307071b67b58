package dev.devproxy.internal;

import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.VerificationResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal: not API. Session cookies already verified, so that a browser's every request (an IDE loads
 * hundreds of assets) does not pay again for the HMAC and the JSON parsing of the same cookie: that was a
 * seventh of devproxy's CPU per small GET (issue 8, docs/benchmarks.md).
 *
 * <p>A hit is exactly what a fresh verification would answer: the same cookie value, verified for the same
 * workspace, still before its expiry and not before the instant it was verified (a clock set back gets a
 * full verification, which may say "not yet valid"). Entries are keyed by the SHA-256 of the value, so a
 * lookup compares digests, never secret bytes an attacker could probe by timing. Bounded: when full, the
 * cache is emptied and refills from verifications. Thread-safe.
 */
final class VerifiedSessions {
    static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(JwtCodec.Checked checked, Instant verifiedAt) {
        VerificationResult.Verified verified() {
            return (VerificationResult.Verified) checked.result();
        }
    }

    /** The digest a value is cached under. */
    static ByteBuffer key(String value) {
        return ByteBuffer.wrap(Digests.sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The cached verification of the value behind {@code key} for {@code workspace} at {@code now}, or null. */
    JwtCodec.Checked get(ByteBuffer key, WorkspaceId workspace, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.verified().expiresAt())) {
            entries.remove(key, entry);
            return null;
        }
        boolean valid = entry.verified().workspace().equals(workspace) && !now.isBefore(entry.verifiedAt());
        return valid ? entry.checked() : null;
    }

    /** Remembers that the value behind {@code key} verified as {@code verified} at {@code now}. */
    void put(ByteBuffer key, JwtCodec.Checked verified, Instant now) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(verified, now));
    }

    int size() {
        return entries.size();
    }
}
