package dev.devproxy.testkit;

import dev.devproxy.token.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Launch-token helpers for tests: a fixed HMAC key, and hand-made hostile tokens. */
public final class TestTokens {
    /** The HMAC key the conformance suite signs with. Test use only. */
    public static final byte[] SECRET = "devproxy-testkit-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private TestTokens() {
    }

    /** {@link JwtTokens} on {@link #SECRET}. */
    public static JwtTokens tokens() {
        return JwtTokens.hmac(SECRET);
    }

    /** {@link JwtTokens} on a different key: its tokens fail signature checks against {@link #tokens()}. */
    public static JwtTokens otherKey() {
        return JwtTokens.hmac("another-key-another-key-another-key-0000".getBytes(StandardCharsets.UTF_8));
    }

    /** Re-encodes {@code token} with {@code alg: none} and no signature (the classic forgery). */
    public static String withAlgNone(String token) {
        String[] parts = token.split("\\.");
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + ".";
    }

    /** {@code token} with its signature cut in half. */
    public static String truncated(String token) {
        return token.substring(0, token.length() - 20);
    }

    /** {@code token} with one payload character changed (a tampered claim). */
    public static String tampered(String token) {
        int dot = token.indexOf('.') + 5;
        char c = token.charAt(dot);
        return token.substring(0, dot) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 1);
    }
}
