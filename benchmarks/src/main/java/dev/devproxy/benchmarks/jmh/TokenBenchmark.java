package dev.devproxy.benchmarks.jmh;

import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.SessionCredentials;
import dev.devproxy.spi.VerificationResult;
import dev.devproxy.token.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Credential checks: the session cookie, verified on every tunnel request and WebSocket upgrade, and a
 * launch token (HS256), verified once per bootstrap.
 */
public class TokenBenchmark extends HotPathBenchmark {
    private static final byte[] SECRET = "devproxy-benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final WorkspaceId workspace = WorkspaceId.of("ws-1");
    private final SessionCredentials sessions = new SessionCredentials(SECRET, Clock.systemUTC());
    private final String session = sessions.issue("alice", workspace, Duration.ofHours(8)).token();
    private final JwtTokens tokens = JwtTokens.hmac(SECRET);
    private final String launch = tokens.issue("alice", workspace, Duration.ofMinutes(1)).token();
    private final String forged = session.substring(0, session.length() - 4) + "AAAA";

    /** The per-request check of a valid session cookie: from the second call on, a hit in the engine's cache. */
    @Benchmark
    public VerificationResult sessionCookie() {
        return sessions.verify(session, workspace);
    }

    /** A forged session cookie (bad signature): must not be cheaper to reject than to accept by much. */
    @Benchmark
    public VerificationResult forgedSessionCookie() {
        return sessions.verify(forged, workspace);
    }

    /**
     * A launch token, as at bootstrap (signature and claims; the replay store is not involved): the full
     * verification that every request paid for its session cookie before the cache.
     */
    @Benchmark
    public VerificationResult launchToken() {
        return tokens.verify(launch, workspace);
    }
}
