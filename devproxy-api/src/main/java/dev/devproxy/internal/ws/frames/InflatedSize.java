package dev.devproxy.internal.ws.frames;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Internal: not API. Counts what the browser's compressed messages inflate to, for the byte relay with
 * {@code permessage-deflate} negotiated ({@code WebSocketSettings.Compression.PERMESSAGE_DEFLATE}): the relay forwards the
 * compressed bytes as they are, and this inflates a copy only to count, so that the size limit holds for what the
 * upstream will inflate (a 1 MiB frame can inflate to 1 GiB) and a message over it is refused with {@code 1009}.
 *
 * <p>It belongs to the scanner of the browser-to-upstream direction and runs on its reading thread; only
 * {@link #release} comes from another. The inflater (native memory, with its 32 KiB window) is made at the first
 * compressed message and kept while the browser keeps its window between messages (RFC 7692 §7.2.1);
 * {@link #release} frees it.
 */
public final class InflatedSize {
    /** What feeding it came to. */
    enum Result {
        /** Within the limit so far. */
        OK,
        /** The message inflates past the limit. */
        TOO_BIG,
        /** The bytes are no DEFLATE data (RFC 7692 §8: the connection must fail). */
        CORRUPT
    }

    // RFC 7692 §7.2.2: the sender removed these four bytes from the end of every message; the receiver appends them.
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private final long limit;
    private final boolean resetEachMessage;
    private Inflater inflater;
    private byte[] in;
    private byte[] out;
    private long inflated;
    private boolean released;

    /**
     * @param limit the most a message may inflate to
     * @param resetEachMessage whether the browser starts each message with an empty window
     *     ({@code client_no_context_takeover})
     */
    public InflatedSize(long limit, boolean resetEachMessage) {
        this.limit = limit;
        this.resetEachMessage = resetEachMessage;
    }

    /** A compressed message starts. */
    synchronized void startMessage() {
        inflated = 0;
        if (inflater == null && !released) {
            inflater = new Inflater(true);
            in = new byte[4 * 1024];
            out = new byte[8 * 1024];
        }
    }

    /**
     * Inflates {@code length} payload bytes of the message from {@code at} in {@code bytes} (absolute, the buffer is
     * not moved), unmasking them with {@code mask} from payload offset {@code maskOffset}.
     */
    synchronized Result add(ByteBuffer bytes, int at, int length, int mask, long maskOffset) {
        if (inflater == null) {
            return Result.OK; // released: the pair is finished, and whatever still arrives goes nowhere
        }
        for (int done = 0; done < length; ) {
            int n = Math.min(in.length, length - done);
            for (int i = 0; i < n; i++) {
                int shift = 24 - 8 * (int) ((maskOffset + done + i) & 3);
                in[i] = (byte) (bytes.get(at + done + i) ^ (mask >>> shift));
            }
            Result result = inflate(in, n);
            if (result != Result.OK) {
                return result;
            }
            done += n;
        }
        return Result.OK;
    }

    /** The message ended: its sync flush is appended and, without context takeover, the window emptied. */
    synchronized Result endMessage() {
        if (inflater == null) {
            return Result.OK;
        }
        Result result = inflate(TAIL, TAIL.length);
        if (resetEachMessage) {
            inflater.reset();
        }
        return result;
    }

    private Result inflate(byte[] input, int length) {
        inflater.setInput(input, 0, length);
        try {
            while (!inflater.needsInput()) {
                int n = inflater.inflate(out);
                inflated += n;
                if (inflated > limit) {
                    return Result.TOO_BIG;
                }
                if (n == 0) {
                    // Input left and no output: a final block (browsers never send one, they sync-flush every
                    // message) or a preset dictionary (RFC 7692 has none), nothing an upstream would take either.
                    return inflater.finished() || inflater.needsDictionary() ? Result.CORRUPT : Result.OK;
                }
            }
        } catch (DataFormatException e) {
            return Result.CORRUPT;
        }
        return Result.OK;
    }

    /**
     * Frees the inflater, once the pair is finished, from whichever thread finishes it: the methods are synchronized so
     * that a read still scanning cannot use an inflater that was ended (uncontended, as the pair has one reader).
     */
    public synchronized void release() {
        released = true;
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
