package dev.devproxy.internal;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Internal: not API. Encodes and verifies the signed JWTs devproxy uses, launch tokens
 * ({@code dev.devproxy.token.JwtTokens}) and session cookies ({@link SessionCredentials}), which differ
 * only in their {@code type} claim, key and clock skew.
 *
 * <p>Claims: {@code sub}, {@code ws} (workspace id), {@code type}, {@code iat}, {@code exp}, {@code jti},
 * and {@code iss}/{@code aud} when configured. {@link #verify} never throws for a bad token: every
 * failure is a {@link VerificationResult.Rejected} with one {@link RejectionReason}. Checks run in a
 * fixed order (size, decoding, algorithm, signature, time, claims) so each hostile token has one
 * predictable reason. Instances are immutable and thread-safe.
 */
public final class JwtCodec {
    /** Longer tokens are rejected as {@link RejectionReason#MALFORMED} before any parsing. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private static final String WORKSPACE_CLAIM = "ws";
    private static final String TYPE_CLAIM = "type";

    private final Keys keys;
    private final String type;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final JWTVerifier verifier;

    /**
     * Creates a codec.
     *
     * @param keys the verification key and, optionally, the signing key
     * @param type the required value of the {@code type} claim
     * @param issuer the {@code iss} to write and require, or null for none
     * @param audience the {@code aud} to write and require, or null for none
     * @param clockSkew how far {@code exp}, {@code iat} and {@code nbf} may be off; whole seconds count
     * @param clock the time source for issuing and for every time check
     */
    public JwtCodec(Keys keys, String type, String issuer, String audience, Duration clockSkew, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.type = Objects.requireNonNull(type, "type");
        this.issuer = issuer;
        this.audience = audience;
        this.clock = Objects.requireNonNull(clock, "clock");
        // Only signature and time checks are left to java-jwt (build(clock) makes it use our clock);
        // the claims are checked below so that each failure maps to exactly one reason.
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(keys.verifying)
                .acceptLeeway(Objects.requireNonNull(clockSkew, "clockSkew").toSeconds()))
                .build(clock);
    }

    /** Whether this codec holds a signing key. */
    public boolean canIssue() {
        return keys.signing != null;
    }

    /** The JWS algorithm name, such as {@code HS256}. */
    public String algorithm() {
        return keys.verifying.getName();
    }

    /**
     * Signs a new token.
     *
     * @param subject the {@code sub} claim; not blank
     * @param workspace the {@code ws} claim
     * @param ttl lifetime, at least one second; {@code exp} is truncated to whole seconds
     * @throws IllegalStateException if this codec has no signing key
     * @throws IllegalArgumentException if an argument is out of range, or the token would exceed
     *     {@link #MAX_TOKEN_LENGTH}
     */
    public IssuedToken issue(String subject, WorkspaceId workspace, Duration ttl) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(ttl, "ttl");
        if (keys.signing == null) {
            throw new IllegalStateException("cannot issue tokens: this " + algorithm()
                    + " instance only holds a public key and can verify only; create it with a private key to issue");
        }
        if (subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("ttl must be at least 1 second, got " + ttl);
        }
        Instant now = clock.instant();
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        String tokenId = UUID.randomUUID().toString();
        JWTCreator.Builder builder = JWT.create()
                .withSubject(subject)
                .withClaim(WORKSPACE_CLAIM, workspace.value())
                .withClaim(TYPE_CLAIM, type)
                .withIssuedAt(issuedAt)
                .withExpiresAt(expiresAt)
                .withJWTId(tokenId);
        if (issuer != null) {
            builder.withIssuer(issuer);
        }
        if (audience != null) {
            builder.withAudience(audience);
        }
        String token = builder.sign(keys.signing);
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("subject is too long: the token would be " + token.length()
                    + " characters, verifiers accept at most " + MAX_TOKEN_LENGTH);
        }
        return new IssuedToken(token, tokenId, expiresAt);
    }

    /**
     * Verifies {@code token} for {@code expectedWorkspace}. Never throws for a bad token, never returns null.
     *
     * @param token the token as presented; null is {@link RejectionReason#MISSING}
     * @param expectedWorkspace the workspace the token must be bound to
     */
    public VerificationResult verify(String token, WorkspaceId expectedWorkspace) {
        return check(token, expectedWorkspace).result();
    }

    /**
     * A verification and, when it verified, the token's {@code iat}: what revocation compares against.
     *
     * @param result the verification
     * @param issuedAt when the token was issued, for a verified token; null otherwise
     */
    public record Checked(VerificationResult result, Instant issuedAt) {
        static Checked rejected(RejectionReason reason) {
            return new Checked(VerificationResult.rejected(reason), null);
        }
    }

    /** Like {@link #verify}, with the token's issue time. */
    public Checked check(String token, WorkspaceId expectedWorkspace) {
        Objects.requireNonNull(expectedWorkspace, "expectedWorkspace");
        if (token == null) {
            return Checked.rejected(RejectionReason.MISSING);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Checked.rejected(RejectionReason.MALFORMED);
        }
        DecodedJWT jwt;
        try {
            jwt = JWT.decode(token);
        } catch (JWTDecodeException e) {
            return Checked.rejected(RejectionReason.MALFORMED);
        }
        // Our own check, before any key is used: "none", and an HS256 token signed with an RSA public
        // key as the HMAC secret (algorithm confusion), never reach signature verification.
        if (!algorithm().equals(jwt.getAlgorithm())) {
            return Checked.rejected(RejectionReason.UNSUPPORTED_ALGORITHM);
        }
        // java-jwt reports a cut-off signature as a bad one; a signature of the wrong length is malformed.
        if (!hasSignatureLength(jwt.getSignature(), keys.signatureBytes)) {
            return Checked.rejected(RejectionReason.MALFORMED);
        }
        try {
            verifier.verify(jwt);
        } catch (AlgorithmMismatchException e) {
            return Checked.rejected(RejectionReason.UNSUPPORTED_ALGORITHM);
        } catch (SignatureVerificationException e) {
            return Checked.rejected(RejectionReason.BAD_SIGNATURE);
        } catch (TokenExpiredException e) {
            return Checked.rejected(RejectionReason.EXPIRED);
        } catch (IncorrectClaimException e) {
            // With no claim checks configured, java-jwt 4.x raises this only for nbf or iat in the future.
            boolean early = "nbf".equals(e.getClaimName()) || "iat".equals(e.getClaimName());
            return Checked.rejected(early ? RejectionReason.NOT_YET_VALID : RejectionReason.MALFORMED);
        } catch (JWTVerificationException e) {
            return Checked.rejected(RejectionReason.MALFORMED);
        }
        return checkClaims(jwt, expectedWorkspace);
    }

    private Checked checkClaims(DecodedJWT jwt, WorkspaceId expectedWorkspace) {
        String subject = jwt.getSubject();
        // asString() is null for an absent claim and for one that is not a string: both count as missing.
        String workspace = jwt.getClaim(WORKSPACE_CLAIM).asString();
        String tokenType = jwt.getClaim(TYPE_CLAIM).asString();
        String tokenId = jwt.getId();
        Instant expiresAt = jwt.getExpiresAtAsInstant();
        if (isBlank(subject) || workspace == null || isBlank(tokenType) || isBlank(tokenId)
                || expiresAt == null || jwt.getIssuedAtAsInstant() == null) {
            return Checked.rejected(RejectionReason.MISSING_CLAIM);
        }
        if (!type.equals(tokenType)) {
            return Checked.rejected(RejectionReason.WRONG_TYPE);
        }
        // A configured issuer or audience is required: a token without one does not match.
        if (issuer != null && !issuer.equals(jwt.getIssuer())) {
            return Checked.rejected(RejectionReason.WRONG_ISSUER);
        }
        if (audience != null) {
            List<String> audiences = jwt.getAudience();
            if (audiences == null || !audiences.contains(audience)) {
                return Checked.rejected(RejectionReason.WRONG_AUDIENCE);
            }
        }
        if (!WorkspaceId.parse(workspace).filter(expectedWorkspace::equals).isPresent()) {
            return Checked.rejected(RejectionReason.WRONG_WORKSPACE);
        }
        return new Checked(new VerificationResult.Verified(subject, expectedWorkspace, expiresAt, tokenId),
                jwt.getIssuedAtAsInstant());
    }

    private static boolean hasSignatureLength(String signature, int expectedBytes) {
        try {
            return Base64.getUrlDecoder().decode(signature).length == expectedBytes;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The algorithm, type and whether it can sign; never a key. */
    @Override
    public String toString() {
        return "JwtCodec[alg=" + algorithm() + ", type=" + type + ", canIssue=" + canIssue() + "]";
    }

    /**
     * Internal: not API. A verification key and, optionally, the matching signing key, validated for the
     * algorithm. Holds no state besides the keys; the keys are never part of {@link #toString()}.
     */
    public static final class Keys {
        private static final int MIN_HMAC_SECRET_BYTES = 32;
        private static final int MIN_RSA_BITS = 2048;
        private static final int ES256_SIGNATURE_BYTES = 64;
        /** The order n of P-256 (FIPS 186-4, section D.1.2.3). */
        private static final BigInteger P256_ORDER = new BigInteger(
                "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

        private final Algorithm verifying;
        private final Algorithm signing;
        private final int signatureBytes;

        private Keys(Algorithm verifying, Algorithm signing, int signatureBytes) {
            this.verifying = verifying;
            this.signing = signing;
            this.signatureBytes = signatureBytes;
        }

        /**
         * HS256 with {@code secret}, which signs and verifies.
         *
         * @param field the name of the setting the secret came from, for the error message
         * @throws IllegalArgumentException if the secret is shorter than 32 bytes (the message names
         *     {@code field} and the length)
         */
        public static Keys hmac256(byte[] secret, String field) {
            Objects.requireNonNull(secret, field);
            if (secret.length < MIN_HMAC_SECRET_BYTES) {
                // RFC 7518, section 3.2: the HS256 key must be at least as long as the hash output.
                throw new IllegalArgumentException(field + " must be at least " + MIN_HMAC_SECRET_BYTES
                        + " bytes for HS256, got " + secret.length);
            }
            Algorithm algorithm = Algorithm.HMAC256(secret.clone());
            return new Keys(algorithm, algorithm, 32);
        }

        /**
         * RS256 with {@code publicKey}, and with {@code privateKey} to sign.
         *
         * @param privateKey the signing key, or null to verify only
         * @throws IllegalArgumentException if the key is shorter than 2048 bits or the keys are not a pair
         */
        public static Keys rs256(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
            Objects.requireNonNull(publicKey, "publicKey");
            int bits = publicKey.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("publicKey must be at least " + MIN_RSA_BITS
                        + " bits for RS256, got " + bits);
            }
            if (privateKey != null && !publicKey.getModulus().equals(privateKey.getModulus())) {
                throw new IllegalArgumentException("publicKey and privateKey are not a key pair");
            }
            Algorithm verifying = Algorithm.RSA256(publicKey, null);
            Algorithm signing = privateKey == null ? null : Algorithm.RSA256(publicKey, privateKey);
            return new Keys(verifying, signing, (bits + 7) / 8);
        }

        /**
         * ES256 (P-256) with {@code publicKey}, and with {@code privateKey} to sign.
         *
         * @param privateKey the signing key, or null to verify only
         * @throws IllegalArgumentException if a key is not on P-256 or the keys are not a pair
         */
        public static Keys es256(ECPublicKey publicKey, ECPrivateKey privateKey) {
            Objects.requireNonNull(publicKey, "publicKey");
            requireP256(publicKey.getParams(), "publicKey");
            Algorithm verifying = Algorithm.ECDSA256(publicKey, null);
            if (privateKey == null) {
                return new Keys(verifying, null, ES256_SIGNATURE_BYTES);
            }
            requireP256(privateKey.getParams(), "privateKey");
            Algorithm signing = Algorithm.ECDSA256(publicKey, privateKey);
            // EC keys carry nothing cheap to compare, so sign once and verify with the public key.
            try {
                verifying.verify(JWT.decode(JWT.create().withJWTId("key-pair-probe").sign(signing)));
            } catch (SignatureVerificationException e) {
                throw new IllegalArgumentException("publicKey and privateKey are not a key pair", e);
            }
            return new Keys(verifying, signing, ES256_SIGNATURE_BYTES);
        }

        private static void requireP256(ECParameterSpec params, String field) {
            // The group order identifies the curve; a field size of 256 bits would also admit secp256k1.
            if (!P256_ORDER.equals(params.getOrder())) {
                throw new IllegalArgumentException(field + " must be on curve P-256 for ES256, got another "
                        + params.getCurve().getField().getFieldSize() + "-bit curve");
            }
        }

        /** Whether these keys can sign. */
        public boolean canSign() {
            return signing != null;
        }

        /** The algorithm and whether it can sign; never a key. */
        @Override
        public String toString() {
            return "Keys[alg=" + verifying.getName() + ", canSign=" + canSign() + "]";
        }
    }
}
