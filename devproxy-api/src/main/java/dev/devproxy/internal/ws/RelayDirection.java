package dev.devproxy.internal.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Internal: not API. One direction of a {@link ByteRelay}: bytes read from one socket (the source) and
 * written to the other (the sink). The source's reading thread {@linkplain #carry carries} what it read;
 * frames the relay writes itself are {@linkplain #inject injected} from any thread and go out only where
 * the bytes written so far end between two frames. After a close frame was written towards the sink,
 * nothing more is.
 */
final class RelayDirection {
    /** A frame the relay wrote itself, waiting for a frame boundary. */
    private record Injected(ByteBuffer frame, boolean close) {
    }

    private final ByteRelay relay;
    private final Relay.Side source;
    private final FrameScanner scanner;
    private final Executor writer;
    private final long stallNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Injected> queued = new ConcurrentLinkedQueue<>();
    private volatile Wire sink;
    private boolean atBoundary = true; // guarded by lock
    private volatile boolean closeQueued;
    private volatile boolean closeSent;
    private volatile boolean stopped;
    private volatile boolean sourceClosed;
    private volatile long writingSince;
    private volatile long lastRead = System.nanoTime();
    private volatile long lastWrite = lastRead;

    /**
     * @param source whose bytes this direction carries (CLIENT: browser to upstream)
     * @param writer where injected frames are written from when no source thread is at hand
     * @param stallTimeout how long one write may block before the sink counts as not reading
     */
    RelayDirection(ByteRelay relay, Relay.Side source, FrameScanner scanner, Executor writer, Duration stallTimeout) {
        this.relay = relay;
        this.source = source;
        this.scanner = scanner;
        this.writer = writer;
        this.stallNanos = stallTimeout.toNanos();
    }

    FrameScanner scanner() {
        return scanner;
    }

    /** Connects the sink; frames injected before it existed are written now. */
    void attach(Wire wire) {
        sink = wire;
        flushInjected();
    }

    /**
     * Writes what {@code bytes} holds to the sink as far as whole frame headers allow, on the source's reading
     * thread; an incomplete header stays in {@code bytes} for the next read.
     */
    void carry(ByteBuffer bytes) {
        lastRead = System.nanoTime();
        while (bytes.hasRemaining()) {
            if (sourceClosed) {
                bytes.position(bytes.limit()); // nothing may follow a close frame (RFC 6455 §5.5.1)
                return;
            }
            int start = bytes.position();
            FrameScanner.Verdict verdict = scanner.scan(bytes);
            write(bytes, start, scanner.forwardEnd(), scanner.forwardEndsAtBoundary());
            switch (verdict) {
                case MORE -> {
                    return;
                }
                case CLOSE -> {
                    sourceClosed = true;
                    relay.closeReceived(source, scanner.closeCode(), scanner.closeReason());
                }
                case TOO_BIG -> giveUpOnSource(1009, "message too big");
                case PROTOCOL_ERROR -> giveUpOnSource(CloseCodes.PROTOCOL_ERROR, "protocol error");
                default -> throw new IllegalStateException(verdict.name());
            }
        }
    }

    // The rest of the source's stream is not read any more (so neither would its close be): both sides get the
    // code, and the source's connection is closed once that close frame is written (RFC 6455 §7.1.7).
    private void giveUpOnSource(int code, String reason) {
        sourceClosed = true;
        relay.stopListening(source);
        relay.closeBoth(code, reason);
    }

    private void write(ByteBuffer bytes, int from, int to, boolean endsAtBoundary) {
        boolean failed = false;
        lock.lock();
        try {
            Wire out = sink;
            if (closeSent || stopped || out == null) {
                return;
            }
            if (to > from) {
                ByteBuffer slice = bytes.duplicate();
                slice.limit(to).position(from);
                failed = !send(out, slice);
            }
            atBoundary = endsAtBoundary;
            if (!failed && atBoundary) {
                failed = !drainLocked(out);
            }
        } finally {
            lock.unlock();
        }
        afterWrite(failed);
    }

    /** Queues a ping (or any non-close frame) for the next frame boundary; dropped once closing. */
    void inject(ByteBuffer frame) {
        if (!closeQueued && !stopped) {
            queued.add(new Injected(frame, false));
            flushLater();
        }
    }

    /** Queues the one close frame this direction sends; later calls do nothing. */
    void sendClose(int code, String reason) {
        synchronized (this) {
            if (closeQueued || stopped) {
                return;
            }
            closeQueued = true;
        }
        queued.add(new Injected(ControlFrames.close(code, reason, source == Relay.Side.CLIENT), true));
        flushLater();
    }

    // An injected frame may meet a sink that cannot take it at once: a pool thread waits for it, not the caller.
    private void flushLater() {
        ByteRelay.runSoon(writer, this::flushInjected);
    }

    private void flushInjected() {
        while (!queued.isEmpty() && lock.tryLock()) {
            boolean failed;
            try {
                Wire out = sink;
                if (out == null || !atBoundary) {
                    return; // the source thread writes them at the next boundary, or attach does
                }
                failed = !drainLocked(out);
            } finally {
                lock.unlock();
            }
            afterWrite(failed);
            if (failed) {
                return;
            }
        }
    }

    // Called with the lock held; false if the sink failed.
    private boolean drainLocked(Wire out) {
        for (Injected next; (next = queued.poll()) != null; ) {
            if (closeSent || stopped) {
                queued.clear();
                return true;
            }
            if (!send(out, next.frame())) {
                return false;
            }
            if (next.close()) {
                closeSent = true;
            }
        }
        return true;
    }

    private boolean send(Wire out, ByteBuffer bytes) {
        writingSince = System.nanoTime();
        try {
            out.write(bytes);
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            writingSince = 0;
            lastWrite = System.nanoTime();
        }
    }

    // Outside the lock: reporting a dead sink reaches the other direction, which takes its own lock.
    private void afterWrite(boolean failed) {
        if (failed) {
            stopped = true;
            if (source == Relay.Side.CLIENT) {
                relay.upstreamEnded();
            } else {
                relay.browserEnded();
            }
        } else if (closeSent) {
            relay.maybeFinish();
        }
        if (!failed && !queued.isEmpty()) {
            flushInjected();
        }
    }

    /** Writes nothing more: the sink is gone. */
    void stop() {
        stopped = true;
        queued.clear();
    }

    boolean closeSent() {
        return closeSent;
    }

    /** Whether a write to the sink has been blocked for longer than the stall timeout. */
    boolean stalled(long now) {
        long since = writingSince;
        return since != 0 && now - since > stallNanos;
    }

    /** When the source last delivered bytes (nanoTime). */
    long lastRead() {
        return lastRead;
    }

    /** When a write to the sink last ended (nanoTime). */
    long lastWrite() {
        return lastWrite;
    }
}
