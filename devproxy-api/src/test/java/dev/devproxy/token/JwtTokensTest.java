package dev.devproxy.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTokensTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final Clock CLOCK = clockAt(T0);
    private static final WorkspaceId WS = WorkspaceId.of("ws-42");
    private static final Duration TTL = Duration.ofMinutes(2);
    private static final byte[] SECRET = bytes(32, 7);
    private static final KeyPair RSA = generate("RSA", 2048);
    private static final KeyPair RSA_OTHER = generate("RSA", 2048);
    private static final KeyPair EC = generateEc("secp256r1");

    private final JwtTokens hmac = JwtTokens.hmac(SECRET).withClock(CLOCK);

    // ---- round trips -------------------------------------------------------------------------------

    @Test
    void hmacTokenRoundTripsWithSubjectWorkspaceExpiryAndId() {
        IssuedToken issued = hmac.issue("alice", WS, TTL);

        assertThat(hmac.verify(issued.token(), WS))
                .isEqualTo(new VerificationResult.Verified("alice", WS, T0.plus(TTL), issued.tokenId()));
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(TTL));
    }

    @Test
    void rs256TokenRoundTrips() {
        JwtTokens rs = JwtTokens.rs256(rsaPublic(RSA), rsaPrivate(RSA)).withClock(CLOCK);
        IssuedToken issued = rs.issue("alice", WS, TTL);

        assertThat(JWT.decode(issued.token()).getAlgorithm()).isEqualTo("RS256");
        assertThat(rs.verify(issued.token(), WS))
                .isEqualTo(new VerificationResult.Verified("alice", WS, T0.plus(TTL), issued.tokenId()));
    }

    @Test
    void es256TokenRoundTrips() {
        JwtTokens es = JwtTokens.es256(ecPublic(EC), ecPrivate(EC)).withClock(CLOCK);
        IssuedToken issued = es.issue("alice", WS, TTL);

        assertThat(JWT.decode(issued.token()).getAlgorithm()).isEqualTo("ES256");
        assertThat(es.verify(issued.token(), WS))
                .isEqualTo(new VerificationResult.Verified("alice", WS, T0.plus(TTL), issued.tokenId()));
    }

    @Test
    void rs256VerifierAcceptsTokensOfTheSigningInstanceButCannotIssue() {
        JwtTokens signer = JwtTokens.rs256(rsaPublic(RSA), rsaPrivate(RSA)).withClock(CLOCK);
        JwtTokens verifier = JwtTokens.rs256Verifier(rsaPublic(RSA)).withClock(CLOCK);
        IssuedToken issued = signer.issue("alice", WS, TTL);

        assertThat(signer.canIssue()).isTrue();
        assertThat(verifier.canIssue()).isFalse();
        assertThat(verifier.verify(issued.token(), WS)).isInstanceOf(VerificationResult.Verified.class);
        assertThatThrownBy(() -> verifier.issue("alice", WS, TTL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("verify but not issue")
                .hasMessageContaining("rs256(publicKey, privateKey)");
    }

    @Test
    void es256VerifierAcceptsTokensOfTheSigningInstanceButCannotIssue() {
        JwtTokens signer = JwtTokens.es256(ecPublic(EC), ecPrivate(EC)).withClock(CLOCK);
        JwtTokens verifier = JwtTokens.es256Verifier(ecPublic(EC)).withClock(CLOCK);
        IssuedToken issued = signer.issue("alice", WS, TTL);

        assertThat(verifier.canIssue()).isFalse();
        assertThat(verifier.verify(issued.token(), WS)).isInstanceOf(VerificationResult.Verified.class);
        assertThatThrownBy(() -> verifier.issue("alice", WS, TTL)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void issuedTokenCarriesTheDocumentedClaimsAndNoIssuerOrAudienceUnlessConfigured() {
        DecodedJWT plain = JWT.decode(hmac.issue("alice", WS, TTL).token());
        DecodedJWT full = JWT.decode(hmac.withIssuer("https://api.example").withAudience("devproxy")
                .issue("alice", WS, TTL).token());

        assertThat(plain.getSubject()).isEqualTo("alice");
        assertThat(plain.getClaim("ws").asString()).isEqualTo("ws-42");
        assertThat(plain.getClaim("type").asString()).isEqualTo("dev-ide");
        assertThat(plain.getIssuedAtAsInstant()).isEqualTo(T0);
        assertThat(plain.getExpiresAtAsInstant()).isEqualTo(T0.plus(TTL));
        assertThat(plain.getId()).isNotBlank();
        assertThat(plain.getIssuer()).isNull();
        assertThat(plain.getAudience()).isNull();
        assertThat(full.getIssuer()).isEqualTo("https://api.example");
        assertThat(full.getAudience()).containsExactly("devproxy");
    }

    @Test
    void expiryIsTruncatedToWholeSecondsLikeTheJwtNumericDate() {
        JwtTokens tokens = hmac.withClock(clockAt(T0.plusMillis(700)));

        IssuedToken issued = tokens.issue("alice", WS, Duration.ofSeconds(60));

        assertThat(issued.expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(JWT.decode(issued.token()).getExpiresAtAsInstant()).isEqualTo(issued.expiresAt());
    }

    @Test
    void everyTokenGetsItsOwnId() {
        assertThat(hmac.issue("alice", WS, TTL).tokenId()).isNotEqualTo(hmac.issue("alice", WS, TTL).tokenId());
    }

    // ---- hostile tokens ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "", "x", "not a token", "a.b.c", "...", "a..", "%%%.%%%.%%%", "eyJhbGciOiJIUzI1NiJ9",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "bm90IGpzb24.e30.c2ln", "W10.W10.", "eyJhbGciOiJIUzI1NiJ9.W10.c2ln"
    })
    void undecodableInputIsMalformed(String garbage) {
        assertThat(hmac.verify(garbage, WS)).isEqualTo(rejected(RejectionReason.MALFORMED));
    }

    @Test
    void tokenWithItsSignatureCutIsMalformed() {
        String token = hmac.issue("alice", WS, TTL).token();
        String withoutSignature = token.substring(0, token.lastIndexOf('.') + 1);

        assertThat(hmac.verify(token.substring(0, token.length() - 10), WS)).isEqualTo(rejected(RejectionReason.MALFORMED));
        assertThat(hmac.verify(withoutSignature, WS)).isEqualTo(rejected(RejectionReason.MALFORMED));
        assertThat(hmac.verify(withoutSignature.substring(0, withoutSignature.length() - 1), WS))
                .isEqualTo(rejected(RejectionReason.MALFORMED));
    }

    @Test
    void tokenSignedWithAnotherSecretHasABadSignature() {
        String token = JwtTokens.hmac(bytes(32, 8)).withClock(CLOCK).issue("alice", WS, TTL).token();

        assertThat(hmac.verify(token, WS)).isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void tokenSignedWithAnotherRsaKeyHasABadSignature() {
        String token = JwtTokens.rs256(rsaPublic(RSA_OTHER), rsaPrivate(RSA_OTHER)).withClock(CLOCK)
                .issue("alice", WS, TTL).token();

        assertThat(JwtTokens.rs256Verifier(rsaPublic(RSA)).withClock(CLOCK).verify(token, WS))
                .isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void es256SignatureOfZeroesHasABadSignature() {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
        String token = JwtTokens.es256(ecPublic(EC), ecPrivate(EC)).withClock(CLOCK).issue("alice", WS, TTL).token();
        String zeroes = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + zeroes;

        assertThat(JwtTokens.es256Verifier(ecPublic(EC)).withClock(CLOCK).verify(forged, WS))
                .isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void payloadChangedAfterSigningHasABadSignature() {
        String[] parts = hmac.issue("alice", WS, TTL).token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8).replace("\"alice\"", "\"alicf\"");

        String tampered = parts[0] + "." + base64Url(payload) + "." + parts[2];

        assertThat(hmac.verify(tampered, WS)).isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"alg\":\"none\",\"typ\":\"JWT\"}", "{\"alg\":\"None\"}", "{\"alg\":\"NONE\"}", "{\"typ\":\"JWT\"}"})
    void unsignedTokenIsAnUnsupportedAlgorithm(String header) {
        String payload = hmac.issue("alice", WS, TTL).token().split("\\.")[1];

        String unsigned = base64Url(header) + "." + payload + ".";

        assertThat(hmac.verify(unsigned, WS)).isEqualTo(rejected(RejectionReason.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void hs256TokenKeyedWithTheRsaPublicKeyIsRejectedByAnRs256Verifier() {
        // Algorithm confusion: the public key is public, so an HS256 token "signed" with it is forgeable.
        String forged = JWT.create().withPayload(claims()).sign(Algorithm.HMAC256(rsaPublic(RSA).getEncoded()));

        assertThat(JwtTokens.rs256Verifier(rsaPublic(RSA)).withClock(CLOCK).verify(forged, WS))
                .isEqualTo(rejected(RejectionReason.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void rs256TokenIsRejectedByAnHmacVerifier() {
        String token = JwtTokens.rs256(rsaPublic(RSA), rsaPrivate(RSA)).withClock(CLOCK).issue("alice", WS, TTL).token();

        assertThat(hmac.verify(token, WS)).isEqualTo(rejected(RejectionReason.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void tokenPastItsExpiryAndTheClockSkewIsExpired() {
        String token = hmac.issue("alice", WS, TTL).token();

        assertThat(hmac.withClock(clockAt(T0.plus(TTL).plusSeconds(30))).verify(token, WS))
                .isEqualTo(rejected(RejectionReason.EXPIRED));
    }

    @Test
    void tokenExpiredByLessThanTheClockSkewIsAccepted() {
        String token = hmac.issue("alice", WS, TTL).token();

        assertThat(hmac.withClock(clockAt(T0.plus(TTL).plusSeconds(29))).verify(token, WS))
                .isInstanceOf(VerificationResult.Verified.class);
    }

    @Test
    void withoutClockSkewATokenIsExpiredAtItsExpiry() {
        JwtTokens strict = hmac.withClockSkew(Duration.ZERO);
        String token = strict.issue("alice", WS, TTL).token();

        assertThat(strict.withClock(clockAt(T0.plus(TTL).minusSeconds(1))).verify(token, WS))
                .isInstanceOf(VerificationResult.Verified.class);
        assertThat(strict.withClock(clockAt(T0.plus(TTL))).verify(token, WS))
                .isEqualTo(rejected(RejectionReason.EXPIRED));
    }

    @Test
    void tokenIssuedFurtherInTheFutureThanTheClockSkewIsNotYetValid() {
        String token = hmac.withClock(clockAt(T0.plusSeconds(31))).issue("alice", WS, TTL).token();

        assertThat(hmac.verify(token, WS)).isEqualTo(rejected(RejectionReason.NOT_YET_VALID));
    }

    @Test
    void tokenIssuedLessThanTheClockSkewInTheFutureIsAccepted() {
        String token = hmac.withClock(clockAt(T0.plusSeconds(30))).issue("alice", WS, TTL).token();

        assertThat(hmac.verify(token, WS)).isInstanceOf(VerificationResult.Verified.class);
    }

    @Test
    void tokenWithNotBeforeInTheFutureIsNotYetValid() {
        Map<String, Object> claims = claims();
        claims.put("nbf", T0.plusSeconds(60).getEpochSecond());

        assertThat(hmac.verify(sign(claims), WS)).isEqualTo(rejected(RejectionReason.NOT_YET_VALID));
    }

    @Test
    void tokenOfAnotherTypeIsTheWrongType() {
        Map<String, Object> claims = claims();
        claims.put("type", "dev-ide-session");

        assertThat(hmac.verify(sign(claims), WS)).isEqualTo(rejected(RejectionReason.WRONG_TYPE));
    }

    @Test
    void tokenForAnotherWorkspaceIsTheWrongWorkspace() {
        String token = hmac.issue("alice", WorkspaceId.of("ws-43"), TTL).token();

        assertThat(hmac.verify(token, WS)).isEqualTo(rejected(RejectionReason.WRONG_WORKSPACE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../ws-42", "ws-42/", "", "WS-42"})
    void workspaceClaimThatIsNotExactlyTheExpectedIdIsTheWrongWorkspace(String workspace) {
        Map<String, Object> claims = claims();
        claims.put("ws", workspace);

        assertThat(hmac.verify(sign(claims), WS)).isEqualTo(rejected(RejectionReason.WRONG_WORKSPACE));
    }

    @Test
    void tokenFromAnotherIssuerOrWithoutOneIsTheWrongIssuer() {
        JwtTokens ours = hmac.withIssuer("https://api.example");
        String theirs = hmac.withIssuer("https://evil.example").issue("alice", WS, TTL).token();
        String none = hmac.issue("alice", WS, TTL).token();

        assertThat(ours.verify(theirs, WS)).isEqualTo(rejected(RejectionReason.WRONG_ISSUER));
        assertThat(ours.verify(none, WS)).isEqualTo(rejected(RejectionReason.WRONG_ISSUER));
        assertThat(ours.verify(ours.issue("alice", WS, TTL).token(), WS)).isInstanceOf(VerificationResult.Verified.class);
    }

    @Test
    void tokenForAnotherAudienceOrWithoutOneIsTheWrongAudience() {
        JwtTokens ours = hmac.withAudience("devproxy");
        String theirs = hmac.withAudience("billing").issue("alice", WS, TTL).token();
        String none = hmac.issue("alice", WS, TTL).token();

        assertThat(ours.verify(theirs, WS)).isEqualTo(rejected(RejectionReason.WRONG_AUDIENCE));
        assertThat(ours.verify(none, WS)).isEqualTo(rejected(RejectionReason.WRONG_AUDIENCE));
    }

    @Test
    void audienceAmongSeveralIsAccepted() {
        Map<String, Object> claims = claims();
        claims.put("aud", List.of("billing", "devproxy"));

        assertThat(hmac.withAudience("devproxy").verify(sign(claims), WS)).isInstanceOf(VerificationResult.Verified.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "ws", "type", "exp", "iat", "jti"})
    void tokenWithoutARequiredClaimIsMissingAClaim(String claim) {
        Map<String, Object> claims = claims();
        claims.remove(claim);

        assertThat(hmac.verify(sign(claims), WS)).isEqualTo(rejected(RejectionReason.MISSING_CLAIM));
    }

    @Test
    void workspaceClaimThatIsNotAStringIsMissing() {
        Map<String, Object> claims = claims();
        claims.put("ws", 42);

        assertThat(hmac.verify(sign(claims), WS)).isEqualTo(rejected(RejectionReason.MISSING_CLAIM));
    }

    @Test
    void tokenOver8KibIsMalformedEvenWithAValidSignature() {
        Map<String, Object> claims = claims();
        claims.put("pad", "x".repeat(8 * 1024));

        assertThat(hmac.verify(sign(claims), WS)).isEqualTo(rejected(RejectionReason.MALFORMED));
    }

    @Test
    void nullTokenIsMissing() {
        assertThat(hmac.verify(null, WS)).isEqualTo(rejected(RejectionReason.MISSING));
    }

    @Test
    void everyOneCharacterChangeIsRejectedOrVerifiesAsTheSameToken() {
        IssuedToken issued = hmac.issue("alice", WS, TTL);
        String token = issued.token();
        for (int i = 0; i < token.length(); i++) {
            for (char c : new char[] {'A', 'z', '0', '-', '_', '.', '=', '!'}) {
                String mutated = token.substring(0, i) + c + token.substring(i + 1);
                VerificationResult result = hmac.verify(mutated, WS);
                // Base64url's last character has unused bits, so a few mutations decode to the same bytes.
                if (result instanceof VerificationResult.Verified) {
                    assertThat(((VerificationResult.Verified) result).tokenId()).isEqualTo(issued.tokenId());
                } else {
                    assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
                }
            }
        }
    }

    // ---- configuration -----------------------------------------------------------------------------

    @Test
    void hmacSecretShorterThan32BytesIsRefusedNamingItsLength() {
        assertThatThrownBy(() -> JwtTokens.hmac(bytes(31, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret")
                .hasMessageContaining("32")
                .hasMessageContaining("got 31");
    }

    @Test
    void rsaKeyShorterThan2048BitsIsRefused() {
        KeyPair weak = generate("RSA", 1024);

        assertThatThrownBy(() -> JwtTokens.rs256Verifier(rsaPublic(weak)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publicKey")
                .hasMessageContaining("got 1024");
    }

    @Test
    void ecKeyOnAnotherCurveIsRefused() {
        KeyPair p384 = generateEc("secp384r1");

        assertThatThrownBy(() -> JwtTokens.es256(ecPublic(p384), ecPrivate(p384)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-256");
    }

    @Test
    void keysFromDifferentPairsAreRefused() {
        KeyPair otherEc = generateEc("secp256r1");

        assertThatThrownBy(() -> JwtTokens.rs256(rsaPublic(RSA), rsaPrivate(RSA_OTHER)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a key pair");
        assertThatThrownBy(() -> JwtTokens.es256(ecPublic(EC), ecPrivate(otherEc)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a key pair");
    }

    @Test
    void clockSkewOutsideZeroToFiveMinutesIsRefused() {
        assertThat(hmac.withClockSkew(Duration.ofMinutes(5)).toString()).contains("clockSkew=PT5M");
        assertThatThrownBy(() -> hmac.withClockSkew(Duration.ofSeconds(301)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clockSkew")
                .hasMessageContaining("PT5M1S");
        assertThatThrownBy(() -> hmac.withClockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clockSkew");
    }

    @Test
    void issuingForUnderASecondOrABlankSubjectIsRefused() {
        assertThatThrownBy(() -> hmac.issue("alice", WS, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> hmac.issue(" ", WS, TTL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject");
    }

    @Test
    void withMethodsReturnCopiesAndLeaveTheOriginalAsItWas() {
        JwtTokens withIssuer = hmac.withIssuer("https://api.example");
        String token = hmac.issue("alice", WS, TTL).token();

        assertThat(withIssuer).isNotSameAs(hmac);
        assertThat(hmac.verify(token, WS)).isInstanceOf(VerificationResult.Verified.class);
        assertThat(withIssuer.verify(token, WS)).isEqualTo(rejected(RejectionReason.WRONG_ISSUER));
    }

    @Test
    void toStringShowsNeitherTheTokenNorTheKey() {
        JwtTokens tokens = hmac.withIssuer("https://api.example");
        IssuedToken issued = tokens.issue("alice", WS, TTL);
        String[] parts = issued.token().split("\\.");

        assertThat(tokens.toString())
                .contains("HS256", "https://api.example")
                .doesNotContain(parts[1], parts[2], Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET));
        assertThat(issued.toString()).contains(issued.tokenId()).doesNotContain(issued.token(), parts[2]);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** A complete, valid launch-token payload, for tests that remove or change one claim. */
    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "alice");
        claims.put("ws", WS.value());
        claims.put("type", "dev-ide");
        claims.put("iat", T0.getEpochSecond());
        claims.put("exp", T0.plus(TTL).getEpochSecond());
        claims.put("jti", "id-1");
        return claims;
    }

    private static String sign(Map<String, Object> claims) {
        return JWT.create().withPayload(claims).sign(Algorithm.HMAC256(SECRET));
    }

    private static VerificationResult rejected(RejectionReason reason) {
        return new VerificationResult.Rejected(reason);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8));
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generateEc(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPublicKey rsaPublic(KeyPair pair) {
        return (RSAPublicKey) pair.getPublic();
    }

    private static RSAPrivateKey rsaPrivate(KeyPair pair) {
        return (RSAPrivateKey) pair.getPrivate();
    }

    private static ECPublicKey ecPublic(KeyPair pair) {
        return (ECPublicKey) pair.getPublic();
    }

    private static ECPrivateKey ecPrivate(KeyPair pair) {
        return (ECPrivateKey) pair.getPrivate();
    }
}
