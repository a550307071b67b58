package dev.devproxy.token;

import dev.devproxy.spi.ReplayStore;
import java.time.Clock;
import java.time.Instant;

/** STUB: replaced by the real implementation. */
public final class InMemoryReplayStore implements ReplayStore {
    /** stub */
    public InMemoryReplayStore(Clock clock) {
    }

    @Override
    public boolean firstUse(String tokenId, Instant expiresAt) {
        throw new UnsupportedOperationException();
    }
}
