package dev.devproxy.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what came back on the load client's sockets against what was sent: each socket expects its own
 * sequence numbers 0, 1, 2… in order. Thread-safe; one instance is shared by all sockets of a workload.
 */
public final class StreamCheck {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong misordered = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    /** One message was sent. */
    public void sent() {
        sent.incrementAndGet();
    }

    /**
     * Checks one echoed message on a socket whose next expected sequence number is {@code expected}.
     *
     * @return the next expected sequence number
     */
    public long received(long expected, long actual, boolean intact) {
        received.incrementAndGet();
        if (!intact) {
            corrupt.incrementAndGet();
        }
        if (actual == expected) {
            return expected + 1;
        }
        misordered.incrementAndGet();
        // Ahead: a gap (messages before it missing or late); behind: a late one, the expectation stands.
        return actual > expected ? actual + 1 : expected;
    }

    /** Messages sent. */
    public long sentCount() {
        return sent.get();
    }

    /** Messages received. */
    public long receivedCount() {
        return received.get();
    }

    /** Sent but never received. */
    public long lost() {
        return Math.max(0, sent.get() - received.get());
    }

    /** Received out of order (or a gap: a message before it is missing). */
    public long misordered() {
        return misordered.get();
    }

    /** Received with a CRC that does not match. */
    public long corrupt() {
        return corrupt.get();
    }
}
