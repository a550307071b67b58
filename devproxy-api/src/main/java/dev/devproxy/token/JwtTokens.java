package dev.devproxy.token;

import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.TokenIssuer;
import dev.devproxy.spi.TokenVerifier;
import dev.devproxy.spi.VerificationResult;
import java.time.Duration;

/** STUB: replaced by the real implementation. */
public final class JwtTokens implements TokenIssuer, TokenVerifier {
    private JwtTokens() {
    }

    /** stub */
    public static JwtTokens hmac(byte[] secret) {
        return new JwtTokens();
    }

    /** stub */
    public boolean canIssue() {
        return true;
    }

    @Override
    public IssuedToken issue(String subject, WorkspaceId workspace, Duration ttl) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VerificationResult verify(String token, WorkspaceId expectedWorkspace) {
        throw new UnsupportedOperationException();
    }
}
