package dev.devproxy.internal.ws;

import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.ws.bytes.ByteRelay;
import dev.devproxy.internal.ws.framerelay.FrameRelay;

/**
 * Internal: not API. One open browser-upstream pair, whichever relay carries it ({@link FrameRelay} for frames,
 * {@link ByteRelay} for bytes), as {@link LiveSockets} sees it: to close a workspace's sockets, to ping, to
 * shut down, and to check on it periodically.
 */
public interface LivePair {
    /** The pair's id, unique within one proxy. */
    long id();

    /** The admitted request the pair is bound to. */
    Exchange exchange();

    /** Closes both sides with one code. */
    void closeBoth(int code, String reason);

    /** Sends a keep-alive ping to both sides. */
    void ping();

    /** Enforces the pair's own deadlines (idle, stalled writes, close handshakes); {@code now} is nanoTime. */
    default void check(long now) {
    }
}
