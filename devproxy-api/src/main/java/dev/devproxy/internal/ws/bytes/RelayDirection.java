package dev.devproxy.internal.ws.bytes;

import dev.devproxy.adapter.Wire;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.internal.ws.frames.CloseCodes;
import dev.devproxy.internal.ws.frames.ControlFrames;
import dev.devproxy.internal.ws.frames.FrameScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Internal: not API. One direction of a {@link ByteRelay}: bytes read from one socket (the source) and
 * written to the other (the sink). The source's reading thread {@linkplain #carry carries} what it read;
 * frames the relay writes itself are {@linkplain #inject injected} from any thread and go out only where
 * the bytes written so far end between two frames. After a close frame was written towards the sink,
 * nothing more is.
 *
 * <p>One write to the sink is in flight at a time, and whoever started it owns the sink until nothing is
 * left to write: the source's thread, the relay loop or a pool thread with an injected frame, or the thread
 * that saw a write complete. A write the sink cannot finish at once does not block anyone: the source stops
 * reading (its {@link #carry} returns false) and is {@linkplain Wire#resume resumed} once its bytes are
 * written, so a sink that reads slowly holds the source back, and the source reads nothing more meanwhile.
 */
final class RelayDirection {
    /** A frame the relay wrote itself, waiting for a frame boundary. */
    private record Injected(ByteBuffer frame, boolean close) {
    }

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final ByteRelay relay;
    private final SocketClosed.Side source;
    private final FrameScanner scanner;
    private final long stallNanos;
    private final Object lock = new Object();
    private final ConcurrentLinkedQueue<Injected> queued = new ConcurrentLinkedQueue<>();
    private volatile Wire sink;
    private volatile Wire sourceWire;
    // Guarded by lock.
    private boolean owned; // a thread is writing to the sink, or about to
    private boolean atBoundary = true; // whether the bytes handed to the sink so far end between frames
    private ByteBuffer sourceBytes; // the source's bytes waiting for the sink (empty: only the boundary moves)
    private boolean sourceBytesEndAtBoundary;
    private boolean sourceParked; // the source waits for resume() until its bytes are written
    private boolean sourceBytesDone; // its bytes left the queue before it could park
    // The source's thread only: what carry still has to act on after its write completes.
    private FrameScanner.Verdict pendingVerdict;
    private volatile boolean closeQueued;
    private volatile boolean closeSent;
    private volatile boolean stopped;
    private volatile boolean sourceClosed;
    private volatile long writingSince;
    private volatile long lastRead = System.nanoTime();
    private volatile long lastWrite = lastRead;

    /**
     * @param source whose bytes this direction carries (CLIENT: browser to upstream)
     * @param stallTimeout how long one write may stay incomplete before the sink counts as not reading
     */
    RelayDirection(ByteRelay relay, SocketClosed.Side source, FrameScanner scanner, Duration stallTimeout) {
        this.relay = relay;
        this.source = source;
        this.scanner = scanner;
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

    /** The wire this direction's bytes are read from, which it resumes after a write that had to wait. */
    void readFrom(Wire wire) {
        sourceWire = wire;
    }

    /**
     * Writes what {@code bytes} holds to the sink as far as whole frame headers allow, on the source's reading
     * thread; an incomplete header stays in {@code bytes} for the next read. False if a write is still under
     * way: the source must not read, nor touch {@code bytes}, until it is resumed, and then carries the same
     * buffer again.
     */
    boolean carry(ByteBuffer bytes) {
        lastRead = System.nanoTime();
        FrameScanner.Verdict pending = pendingVerdict;
        if (pending != null) {
            pendingVerdict = null;
            if (pending == FrameScanner.Verdict.MORE) {
                return true;
            }
            act(pending);
        }
        while (bytes.hasRemaining()) {
            if (sourceClosed) {
                bytes.position(bytes.limit()); // nothing may follow a close frame (RFC 6455 §5.5.1)
                return true;
            }
            int start = bytes.position();
            FrameScanner.Verdict verdict = scanner.scan(bytes);
            if (!offer(bytes, start, scanner.forwardEnd(), scanner.forwardEndsAtBoundary())) {
                pendingVerdict = verdict;
                return false;
            }
            if (verdict == FrameScanner.Verdict.MORE) {
                return true;
            }
            act(verdict);
        }
        return true;
    }

    private void act(FrameScanner.Verdict verdict) {
        switch (verdict) {
            case CLOSE -> {
                sourceClosed = true;
                relay.closeReceived(source, scanner.closeCode(), scanner.closeReason());
            }
            case TOO_BIG -> giveUpOnSource(1009, "message too big");
            case PROTOCOL_ERROR -> giveUpOnSource(CloseCodes.PROTOCOL_ERROR, "protocol error");
            default -> throw new IllegalStateException(verdict.name());
        }
        if (!scanner.forwardEndsAtBoundary()) {
            // A compressed message refused inside a frame whose start the sink has: no close frame can follow there,
            // so the sink's connection is closed instead (its peer sees the connection end, 1006).
            relay.cutInsideAFrame(source);
        }
    }

    // The rest of the source's stream is not read any more (so neither would its close be): both sides get the
    // code, and the source's connection is closed once that close frame is written (RFC 6455 §7.1.7).
    private void giveUpOnSource(int code, String reason) {
        sourceClosed = true;
        relay.stopListening(source);
        relay.closeBoth(code, reason);
    }

    // Hands bytes[from, to) to the sink; true if they are written (or dropped) by the time it returns.
    private boolean offer(ByteBuffer bytes, int from, int to, boolean endsAtBoundary) {
        ByteBuffer slice = NOTHING;
        if (to > from) {
            slice = bytes.duplicate();
            slice.limit(to).position(from);
        }
        synchronized (lock) {
            if (closeSent || stopped || sink == null) {
                return true;
            }
            sourceBytes = slice;
            sourceBytesEndAtBoundary = endsAtBoundary;
            sourceBytesDone = false;
            if (owned) {
                sourceParked = true; // the owner writes them, then resumes the source
                return false;
            }
            owned = true;
        }
        pump();
        synchronized (lock) {
            if (sourceBytesDone) {
                sourceBytesDone = false;
                return true;
            }
            sourceParked = true;
            return false;
        }
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
        queued.add(new Injected(ControlFrames.close(code, reason, source == SocketClosed.Side.BROWSER), true));
        flushLater();
    }

    // Injected frames are written from the pool, not from the caller's thread (a timer, a listener, a close), unless
    // that is the pair's relay loop (ByteRelay#runHereOrSoon).
    private void flushLater() {
        relay.runHereOrSoon(this::flushInjected);
    }

    private void flushInjected() {
        synchronized (lock) {
            if (owned || sink == null || !atBoundary || queued.isEmpty()) {
                return; // the owner writes them, or the source at its next boundary, or attach
            }
            owned = true;
        }
        pump();
    }

    /**
     * Writes what waits, in order (injected frames only at a frame boundary), while writes complete at once;
     * called by the sink's owner, and returns when nothing is left (ownership released) or a write is under way
     * (its completion goes on from here).
     */
    private void pump() {
        while (true) {
            ByteBuffer next;
            boolean close = false;
            boolean fromSource = false;
            boolean wake = false;
            Wire out;
            synchronized (lock) {
                out = sink;
                if (closeSent || stopped) {
                    queued.clear();
                    next = null;
                    if (sourceBytes != null) {
                        sourceBytes = null;
                        wake = sourceBytesLeftLocked();
                    }
                } else if (atBoundary && !queued.isEmpty()) {
                    Injected injected = queued.poll();
                    next = injected.frame();
                    close = injected.close();
                } else if (sourceBytes != null) {
                    next = sourceBytes;
                    sourceBytes = null;
                    atBoundary = sourceBytesEndAtBoundary;
                    fromSource = true;
                } else {
                    next = null;
                }
                if (next == null) {
                    owned = false;
                }
            }
            if (next == null) {
                if (wake) {
                    sourceWire.resume();
                }
                return;
            }
            if (!write(out, next, close, fromSource)) {
                return;
            }
        }
    }

    // True if the write completed (or failed) here; false if its completion continues the pump later.
    private boolean write(Wire out, ByteBuffer bytes, boolean close, boolean fromSource) {
        if (!bytes.hasRemaining()) {
            written(close, fromSource);
            return true;
        }
        writingSince = System.nanoTime();
        boolean done;
        try {
            done = out.write(bytes, new Wire.Completion() {
                @Override
                public void written() {
                    RelayDirection.this.written(close, fromSource);
                    pump();
                }

                @Override
                public void failed(Throwable failure) {
                    writeFailed(fromSource);
                }
            });
        } catch (IOException | RuntimeException e) {
            writeFailed(fromSource);
            return false;
        }
        if (done) {
            written(close, fromSource);
        }
        return done;
    }

    private void written(boolean close, boolean fromSource) {
        writingSince = 0;
        lastWrite = System.nanoTime();
        boolean wake = false;
        if (fromSource) {
            synchronized (lock) {
                wake = sourceBytesLeftLocked();
            }
        }
        if (close) {
            closeSent = true;
            relay.maybeFinish();
        }
        if (wake) {
            sourceWire.resume();
        }
    }

    // The source's bytes were written or dropped: true if the source is parked and must be resumed.
    private boolean sourceBytesLeftLocked() {
        if (sourceParked) {
            sourceParked = false;
            return true;
        }
        sourceBytesDone = true;
        return false;
    }

    // The sink failed: nothing more is written, the source (if waiting) goes on to find that out, and the relay
    // hears that the sink's socket ended.
    private void writeFailed(boolean fromSource) {
        writingSince = 0;
        boolean wake = false;
        synchronized (lock) {
            stopped = true;
            owned = false;
            queued.clear();
            if (fromSource) {
                wake = sourceBytesLeftLocked();
            } else if (sourceBytes != null) {
                sourceBytes = null;
                wake = sourceBytesLeftLocked();
            }
        }
        if (wake) {
            sourceWire.resume();
        }
        if (source == SocketClosed.Side.BROWSER) {
            relay.upstreamEnded();
        } else {
            relay.browserEnded();
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

    /** Whether a write to the sink has been under way for longer than the stall timeout. */
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
