package dev.devproxy.internal.launch;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.devproxy.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Internal: not API. The ticket that carries a launch, verified and spent on the application's origin, to the
 * workspace's own origin: an HS256 JWT of type {@code dev-ide-handoff}, valid for a minute, naming the subject, the
 * workspace, the launch token it came from and the launch state of the browser that started the launch there. The
 * workspace's origin accepts it only from that browser (its launch-state cookie must match) and only once.
 * Immutable and thread-safe.
 */
public final class HandoffTickets {
    /** How long a ticket lives: one redirect. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private static final String TYPE = "dev-ide-handoff";
    private static final int MAX_LENGTH = 4096;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Clock clock;

    /**
     * @param keys the key tickets are signed with (derived for this purpose only)
     * @param clock the time source
     */
    public HandoffTickets(LaunchKeys keys, Clock clock) {
        this.algorithm = Algorithm.HMAC256(keys.bytes());
        this.clock = clock;
        // build(clock): java-jwt checks exp and iat against our clock, not the system's.
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withClaim("type", TYPE)).build(clock);
    }

    /** A verified ticket. */
    public record Handoff(String subject, WorkspaceId workspace, String launchTokenId, String state, Instant expiresAt) {
    }

    /** Issues a ticket; a secret until spent: never log it. */
    public String issue(String subject, WorkspaceId workspace, String launchTokenId, String state) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return JWT.create()
                .withSubject(subject)
                .withClaim("ws", workspace.value())
                .withClaim("type", TYPE)
                .withClaim("state", state)
                .withJWTId(launchTokenId)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(LIFETIME))
                .sign(algorithm);
    }

    /** The ticket's content if it is genuine, unexpired and for {@code workspace}; empty otherwise. Never throws. */
    public Optional<Handoff> verify(String ticket, WorkspaceId workspace) {
        if (ticket == null || ticket.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        DecodedJWT jwt;
        try {
            jwt = JWT.decode(ticket);
            if (!"HS256".equals(jwt.getAlgorithm())) {
                return Optional.empty();
            }
            verifier.verify(jwt);
        } catch (JWTVerificationException e) {
            return Optional.empty();
        }
        Instant expiresAt = jwt.getExpiresAtAsInstant();
        String subject = jwt.getSubject();
        String state = jwt.getClaim("state").asString();
        String tokenId = jwt.getId();
        if (expiresAt == null || !clock.instant().isBefore(expiresAt) || subject == null || state == null
                || tokenId == null || !workspace.value().equals(jwt.getClaim("ws").asString())) {
            return Optional.empty();
        }
        return Optional.of(new Handoff(subject, workspace, tokenId, state, expiresAt));
    }

    @Override
    public String toString() {
        return "HandoffTickets[HS256, " + LIFETIME.toSeconds() + " s]";
    }

}
