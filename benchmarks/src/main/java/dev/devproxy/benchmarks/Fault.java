package dev.devproxy.benchmarks;

/**
 * What the echo upstream does wrong on purpose, to prove the load client's checks catch it. Only the
 * harness's own tests use anything but {@link #NONE}; the fault hits the sixth message of each socket.
 */
public enum Fault {
    /** Echo faithfully. */
    NONE,
    /** Flip one payload bit of message 5. */
    CORRUPT,
    /** Send message 6 before message 5. */
    SWAP,
    /** Never echo message 5. */
    DROP;

    /** The zero-based index of the message a fault hits. */
    static final long VICTIM = 5;
}
