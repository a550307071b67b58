package dev.devproxy.internal.launch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Internal: not API. One HMAC-SHA256 key per purpose, derived from the proxy's session secret, so that a value
 * computed for one purpose (a binding proof, a launch state, a handoff ticket) is never accepted for another. Nodes
 * that share the session secret share these keys. Immutable and thread-safe.
 */
public final class LaunchKeys {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;

    private LaunchKeys(byte[] key) {
        this.key = key;
    }

    /** The key for {@code purpose}, e.g. {@code "binding"}. */
    public static LaunchKeys derive(byte[] sessionSecret, String purpose) {
        return new LaunchKeys(hmac(sessionSecret, "devproxy/" + purpose + "/v1"));
    }

    /** The raw key, for a signer that needs one (the handoff tickets' JWT algorithm). */
    byte[] bytes() {
        return key.clone();
    }

    /** The HMAC of {@code parts}, each followed by a NUL so that no two lists give the same input, in base64url. */
    public String proof(String... parts) {
        StringBuilder input = new StringBuilder();
        for (String part : parts) {
            input.append(part).append('\0');
        }
        return BASE64URL.encodeToString(hmac(key, input.toString()));
    }

    /** Whether {@code proof} is the proof of {@code parts}, compared in constant time. */
    public boolean verify(String proof, String... parts) {
        return proof != null && MessageDigest.isEqual(proof(parts).getBytes(StandardCharsets.US_ASCII),
                proof.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "LaunchKeys[HmacSHA256]";
    }
}
