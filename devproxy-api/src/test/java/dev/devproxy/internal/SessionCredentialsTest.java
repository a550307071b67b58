package dev.devproxy.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import dev.devproxy.token.JwtTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionCredentialsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final WorkspaceId WS = WorkspaceId.of("ws-42");
    private static final Duration TTL = Duration.ofHours(8);
    private static final byte[] SECRET = secret(32, 3);

    private final SessionCredentials sessions = new SessionCredentials(SECRET, clockAt(T0));

    @Test
    void sessionRoundTripsWithSubjectWorkspaceAndExpiry() {
        String value = sessions.issue("alice", WS, TTL).token();

        VerificationResult result = sessions.verify(value, WS);

        assertThat(result).isInstanceOf(VerificationResult.Verified.class);
        VerificationResult.Verified verified = (VerificationResult.Verified) result;
        assertThat(verified.subject()).isEqualTo("alice");
        assertThat(verified.workspace()).isEqualTo(WS);
        assertThat(verified.expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(JWT.decode(value).getClaim("type").asString()).isEqualTo("dev-ide-session");
    }

    @Test
    void sessionForAnotherWorkspaceIsTheWrongWorkspace() {
        String value = sessions.issue("alice", WorkspaceId.of("ws-43"), TTL).token();

        assertThat(sessions.verify(value, WS)).isEqualTo(rejected(RejectionReason.WRONG_WORKSPACE));
    }

    @Test
    void sessionIsExpiredFromItsExpiryWithoutClockSkew() {
        String value = sessions.issue("alice", WS, TTL).token();

        assertThat(new SessionCredentials(SECRET, clockAt(T0.plus(TTL).minusSeconds(1))).verify(value, WS))
                .isInstanceOf(VerificationResult.Verified.class);
        assertThat(new SessionCredentials(SECRET, clockAt(T0.plus(TTL))).verify(value, WS))
                .isEqualTo(rejected(RejectionReason.EXPIRED));
    }

    @Test
    void sessionWithACharacterOfItsPayloadChangedHasABadSignature() {
        String[] parts = sessions.issue("alice", WS, TTL).token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8).replace("\"alice\"", "\"alicf\"");

        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(UTF_8))
                + "." + parts[2];

        assertThat(sessions.verify(tampered, WS)).isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void sessionSignedWithAnotherSecretHasABadSignature() {
        String value = new SessionCredentials(secret(32, 4), clockAt(T0)).issue("alice", WS, TTL).token();

        assertThat(sessions.verify(value, WS)).isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void launchTokenSignedWithTheSameSecretIsNotASession() {
        String launchToken = JwtTokens.hmac(SECRET).withClock(clockAt(T0)).issue("alice", WS, Duration.ofMinutes(2)).token();

        assertThat(sessions.verify(launchToken, WS)).isEqualTo(rejected(RejectionReason.WRONG_TYPE));
    }

    @Test
    void sessionSignedWithTheSameSecretIsNotALaunchToken() {
        String value = sessions.issue("alice", WS, TTL).token();

        assertThat(JwtTokens.hmac(SECRET).withClock(clockAt(T0)).verify(value, WS))
                .isEqualTo(rejected(RejectionReason.WRONG_TYPE));
    }

    @Test
    void garbageIsMalformedAndNoValueIsMissing() {
        assertThat(sessions.verify("garbage", WS)).isEqualTo(rejected(RejectionReason.MALFORMED));
        assertThat(sessions.verify(null, WS)).isEqualTo(rejected(RejectionReason.MISSING));
    }

    @Test
    void secretShorterThan32BytesIsRefusedNamingTheSettingAndLength() {
        assertThatThrownBy(() -> new SessionCredentials(secret(16, 1), clockAt(T0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionSecret")
                .hasMessageContaining("got 16");
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(sessions.toString()).doesNotContain(Base64.getEncoder().encodeToString(SECRET));
    }

    private static VerificationResult rejected(RejectionReason reason) {
        return new VerificationResult.Rejected(reason);
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static byte[] secret(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
