package dev.devproxy.benchmarks.jmh;

import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.SessionCredentials;
import dev.devproxy.spi.VerificationResult;
import dev.devproxy.token.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Credential checks: the session cookie, verified on every tunnel request and WebSocket upgrade, and a
 * launch token (HS256), verified once per bootstrap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenBenchmark {
    private static final byte[] SECRET = "devproxy-benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final WorkspaceId workspace = WorkspaceId.of("ws-1");
    private final SessionCredentials sessions = new SessionCredentials(SECRET, Clock.systemUTC());
    private final String session = sessions.issue("alice", workspace, Duration.ofHours(8));
    private final JwtTokens tokens = JwtTokens.hmac(SECRET);
    private final String launch = tokens.issue("alice", workspace, Duration.ofMinutes(1)).token();
    private final String forged = session.substring(0, session.length() - 4) + "AAAA";

    /** The per-request check of a valid session cookie. */
    @Benchmark
    public VerificationResult sessionCookie() {
        return sessions.verify(session, workspace);
    }

    /** A forged session cookie (bad signature): must not be cheaper to reject than to accept by much. */
    @Benchmark
    public VerificationResult forgedSessionCookie() {
        return sessions.verify(forged, workspace);
    }

    /** A launch token, as at bootstrap (signature and claims; the replay store is not involved). */
    @Benchmark
    public VerificationResult launchToken() {
        return tokens.verify(launch, workspace);
    }
}
