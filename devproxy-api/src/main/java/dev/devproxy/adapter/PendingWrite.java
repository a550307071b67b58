package dev.devproxy.adapter;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A write a {@link Wire} could not finish at once, for a wire whose container completes writes on its own thread: its
 * {@link Wire.Completion} is told once, on the completing thread, unless the write ended before {@link Wire#write}
 * returned, in which case {@link #completedInline} tells the caller instead.
 */
public final class PendingWrite {
    private static final int WRITING = 0;
    private static final int DONE_INLINE = 1;
    private static final int FAILED_INLINE = 2;
    private static final int RETURNED = 3;
    private static final int REPORTED = 4;

    private final Wire.Completion whenDone;
    private final AtomicInteger state = new AtomicInteger(WRITING);
    private volatile Throwable failure;

    /** A write under way, whose end {@code whenDone} is told unless {@code write} returns it. */
    public PendingWrite(Wire.Completion whenDone) {
        this.whenDone = whenDone;
    }

    /** For {@code write} to return: true if done already, false if the completion will be told; throws if it failed. */
    public boolean completedInline() throws IOException {
        if (state.compareAndSet(WRITING, RETURNED)) {
            return false;
        }
        if (state.get() == FAILED_INLINE) {
            throw new IOException("write failed", failure);
        }
        return true;
    }

    /** The write completed; later calls of either kind do nothing. */
    public void succeeded() {
        if (!state.compareAndSet(WRITING, DONE_INLINE) && state.compareAndSet(RETURNED, REPORTED)) {
            whenDone.written();
        }
    }

    /** The write failed; later calls of either kind do nothing. */
    public void failed(Throwable cause) {
        failure = cause;
        if (!state.compareAndSet(WRITING, FAILED_INLINE) && state.compareAndSet(RETURNED, REPORTED)) {
            whenDone.failed(cause);
        }
    }
}
