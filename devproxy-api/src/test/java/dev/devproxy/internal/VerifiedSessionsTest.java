package dev.devproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cache behind {@link SessionCredentials#verify}: a hit must answer exactly what a full verification would. */
class VerifiedSessionsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final WorkspaceId WS = WorkspaceId.of("ws-42");
    private static final Duration TTL = Duration.ofHours(8);

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final SessionCredentials sessions = new SessionCredentials(
            "cache-test-secret-cache-test-secret-0123".getBytes(StandardCharsets.UTF_8), new Clock() {
                @Override
                public Instant instant() {
                    return now.get();
                }

                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            });

    @Test
    void aCachedSessionStillExpiresAtItsExpiry() {
        String value = sessions.issue("alice", WS, TTL).token();
        assertThat(sessions.verify(value, WS)).isInstanceOf(VerificationResult.Verified.class);

        now.set(T0.plus(TTL).minusSeconds(1));
        assertThat(sessions.verify(value, WS)).isInstanceOf(VerificationResult.Verified.class);
        now.set(T0.plus(TTL));
        assertThat(sessions.verify(value, WS)).isEqualTo(new VerificationResult.Rejected(RejectionReason.EXPIRED));
    }

    @Test
    void aCachedSessionIsStillBoundToItsWorkspace() {
        String value = sessions.issue("alice", WS, TTL).token();
        assertThat(sessions.verify(value, WS)).isInstanceOf(VerificationResult.Verified.class);

        assertThat(sessions.verify(value, WorkspaceId.of("ws-43")))
                .isEqualTo(new VerificationResult.Rejected(RejectionReason.WRONG_WORKSPACE));
    }

    @Test
    void aClockSetBackGetsAFullVerification() {
        String value = sessions.issue("alice", WS, TTL).token();
        assertThat(sessions.verify(value, WS)).isInstanceOf(VerificationResult.Verified.class);

        now.set(T0.minusSeconds(60));
        assertThat(sessions.verify(value, WS)).isEqualTo(new VerificationResult.Rejected(RejectionReason.NOT_YET_VALID));
    }

    @Test
    void aValueOneCharacterAwayFromACachedOneIsVerifiedInFull() {
        String value = sessions.issue("alice", WS, TTL).token();
        assertThat(sessions.verify(value, WS)).isInstanceOf(VerificationResult.Verified.class);

        int at = value.indexOf('.') + 5;
        String tampered = value.substring(0, at) + (value.charAt(at) == 'A' ? 'B' : 'A') + value.substring(at + 1);
        assertThat(sessions.verify(tampered, WS)).isInstanceOf(VerificationResult.Rejected.class);
    }

    @Test
    void theCacheStaysBounded() {
        VerifiedSessions cache = new VerifiedSessions();
        JwtCodec.Checked verified = new JwtCodec.Checked(new VerificationResult.Verified("alice", WS, T0.plus(TTL), "id"), T0);
        for (int i = 0; i <= VerifiedSessions.MAX_ENTRIES; i++) {
            cache.put(VerifiedSessions.key("value-" + i), verified, T0);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(VerifiedSessions.MAX_ENTRIES);
        assertThat(cache.get(VerifiedSessions.key("value-" + VerifiedSessions.MAX_ENTRIES), WS, T0)).isEqualTo(verified);
    }

    @Test
    void aValueIsKeyedByItsSha256AloneWhateverWasDigestedBefore() throws Exception {
        String value = "eyJhbGciOiJIUzI1NiJ9.session.signature";
        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8));
        VerifiedSessions.key("another value digested first");
        assertThat(VerifiedSessions.key(value).array()).isEqualTo(expected);
        assertThat(VerifiedSessions.key(value)).isEqualTo(VerifiedSessions.key(value))
                .isNotEqualTo(VerifiedSessions.key(value + "x"));
    }
}
