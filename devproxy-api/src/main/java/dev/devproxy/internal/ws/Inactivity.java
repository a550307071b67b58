package dev.devproxy.internal.ws;

import java.time.Duration;

/**
 * Internal: not API. Whether a pair carried no message for the inactivity timeout
 * ({@code WebSocketSettings.inactivityTimeout}): fed the pair's data bytes so far (both ways, control frames not
 * counted) at each periodic check, it says when they last changed. Checked from the proxy's one timer thread only.
 */
public final class Inactivity {
    private final long timeoutNanos;
    private long lastTotal = -1;
    private long changedAt;

    /** @param timeout zero for never */
    public Inactivity(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** Whether a pair whose data bytes total {@code dataBytes} at {@code now} (nanoTime) has been inactive too long. */
    public boolean expired(long now, long dataBytes) {
        if (timeoutNanos == 0) {
            return false;
        }
        if (dataBytes != lastTotal) {
            lastTotal = dataBytes;
            changedAt = now;
            return false;
        }
        return now - changedAt > timeoutNanos;
    }
}
