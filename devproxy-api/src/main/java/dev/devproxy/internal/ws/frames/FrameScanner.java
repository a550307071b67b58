package dev.devproxy.internal.ws.frames;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Internal: not API. Reads the frame headers of one direction of a WebSocket byte stream (RFC 6455 §5.2)
 * without touching payloads, so that a byte relay can pass payloads through untouched and still know where
 * frames start and end, how many messages crossed, when a message grows past the limit, and what a close
 * frame says.
 *
 * <p>Each {@link #scan} call looks at a buffer from its position, moves the position past what it
 * consumed, and says how much of that may be forwarded ({@link #forwardEnd}). It stops early, leaving the
 * position there, before a frame header it has only part of and before a control frame it has only part of
 * (control frames are at most 127 bytes, so a caller's buffer always has room for them): the caller keeps
 * those bytes and calls again with more. Close frames are consumed but not forwarded: the relay sends its own
 * re-encoded close (codes pass through {@link CloseCodes}). Not thread-safe: one scanner per direction, used
 * by that direction's reading thread only.
 */
public final class FrameScanner {
    /** What a scan ended on. */
    public enum Verdict {
        /** Everything scanned is fine; bytes from the position on (if any) are an incomplete header. */
        MORE,
        /** A close frame was consumed; its code and reason are in {@link #closeCode} / {@link #closeReason}. */
        CLOSE,
        /** The next frame would take its message past the limit; nothing of it is forwardable. */
        TOO_BIG,
        /** The stream breaks RFC 6455; nothing from the offending frame on is forwardable. */
        PROTOCOL_ERROR
    }

    /** Close code reported for a close frame without a code (RFC 6455 §7.1.5). */
    public static final int NO_STATUS = 1005;

    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int RSV1 = 0x40;

    private final boolean expectMasked;
    private final long maxMessageSize;
    private boolean deflate;
    private InflatedSize inflated;
    private boolean broken;

    private long payloadLeft;
    private boolean frameEndsMessage;
    private boolean inFragmentedMessage;
    private long messageBytes;
    private boolean messageCompressed;
    private int frameMask;
    private long frameOffset;
    private int frameStart = -1; // where the current frame's header is in the buffer scanned now; -1 if in an earlier one

    private int forwardEnd;
    private boolean forwardEndsAtBoundary = true;
    private long messages;
    private long payloadBytes;
    private int closeCode = NO_STATUS;
    private String closeReason = "";

    /**
     * @param expectMasked true for frames from a browser (clients must mask, RFC 6455 §5.1), false for frames
     *     from a server (which must not)
     * @param maxMessageSize the largest message payload allowed, summed over its fragments
     */
    public FrameScanner(boolean expectMasked, long maxMessageSize) {
        this.expectMasked = expectMasked;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * {@code permessage-deflate} was negotiated: RSV1 marks a compressed message on its first frame (RFC 7692 §6), and
     * nowhere else; if {@code counter} is given, what compressed messages inflate to is counted against the limit
     * instead of their compressed size alone.
     */
    public void negotiatedDeflate(InflatedSize counter) {
        this.deflate = true;
        this.inflated = counter;
    }

    /**
     * Scans {@code bytes} from its position to its limit, moving the position past what was consumed.
     * Bytes from the original position to {@link #forwardEnd} may be forwarded as they are.
     */
    public Verdict scan(ByteBuffer bytes) {
        int p = bytes.position();
        int limit = bytes.limit();
        if (broken) {
            bytes.position(limit);
            forwardEnd = p;
            return Verdict.PROTOCOL_ERROR;
        }
        frameStart = -1;
        while (true) {
            if (payloadLeft > 0) {
                int take = (int) Math.min(payloadLeft, limit - p);
                if (counting()) {
                    // Counted before it is forwarded: a chunk that inflates past the limit never leaves.
                    InflatedSize.Result result = inflated.add(bytes, p, take, frameMask, frameOffset);
                    if (result != InflatedSize.Result.OK) {
                        return refuseInflated(bytes, p, result);
                    }
                }
                frameOffset += take;
                p += take;
                payloadLeft -= take;
                payloadBytes += take;
                if (payloadLeft > 0) {
                    return stop(bytes, p, p, false, Verdict.MORE);
                }
                InflatedSize.Result ended = endFrame();
                if (ended != InflatedSize.Result.OK) {
                    return refuseInflated(bytes, p, ended);
                }
                continue;
            }
            if (limit - p < 2) {
                return stop(bytes, p, p, true, Verdict.MORE);
            }
            int b0 = bytes.get(p) & 0xFF;
            int b1 = bytes.get(p + 1) & 0xFF;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            boolean masked = (b1 & 0x80) != 0;
            int length7 = b1 & 0x7F;
            int reserved = b0 & 0x70;
            // RSV1 only, only where permessage-deflate was negotiated, only on a message's first data frame (RFC 7692
            // §6.1): on a control frame or a continuation, or RSV2/RSV3, which nothing negotiated, it breaks RFC 6455.
            boolean reservedOk = reserved == 0 || (deflate && reserved == RSV1 && (opcode == TEXT || opcode == BINARY));
            if (masked != expectMasked || !reservedOk) {
                return fail(bytes, p);
            }
            int headerLength = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (limit - p < headerLength) {
                return stop(bytes, p, p, true, Verdict.MORE);
            }
            long length = length7 < 126 ? length7 : length7 == 126 ? bytes.getShort(p + 2) & 0xFFFF : bytes.getLong(p + 2);
            if (length < 0) {
                return fail(bytes, p);
            }
            if (opcode >= CLOSE) {
                if (!fin || length > 125 || opcode > PONG) {
                    return fail(bytes, p);
                }
                if (limit - p < headerLength + length) {
                    return stop(bytes, p, p, true, Verdict.MORE);
                }
                if (opcode == CLOSE) {
                    if (length == 1) {
                        return fail(bytes, p);
                    }
                    readClose(bytes, p + headerLength, (int) length, masked ? p + headerLength - 4 : -1);
                    return stop(bytes, p + headerLength + (int) length, p, true, Verdict.CLOSE);
                }
                p += headerLength + (int) length; // ping and pong pass through whole
                continue;
            }
            if (opcode == CONTINUATION ? !inFragmentedMessage : (opcode != TEXT && opcode != BINARY) || inFragmentedMessage) {
                return fail(bytes, p);
            }
            long total = (opcode == CONTINUATION ? messageBytes : 0) + length;
            if (total > maxMessageSize) {
                // The relay closes the pair: nothing from here on is forwarded, so the rest need not be read.
                bytes.position(limit);
                forwardEnd = p;
                forwardEndsAtBoundary = true;
                broken = true;
                return Verdict.TOO_BIG;
            }
            messageBytes = total;
            inFragmentedMessage = !fin;
            frameEndsMessage = fin;
            if (opcode != CONTINUATION) {
                messageCompressed = reserved == RSV1;
                if (counting()) {
                    inflated.startMessage();
                }
            }
            frameMask = masked ? bytes.getInt(p + headerLength - 4) : 0;
            frameOffset = 0;
            frameStart = p;
            p += headerLength;
            payloadLeft = length;
            if (length == 0) {
                InflatedSize.Result ended = endFrame();
                if (ended != InflatedSize.Result.OK) {
                    return refuseInflated(bytes, p, ended);
                }
            }
        }
    }

    private boolean counting() {
        return inflated != null && messageCompressed;
    }

    private InflatedSize.Result endFrame() {
        InflatedSize.Result result = InflatedSize.Result.OK;
        if (frameEndsMessage) {
            if (counting()) {
                result = inflated.endMessage();
            }
            messages++;
            messageBytes = 0;
            frameEndsMessage = false;
        }
        return result;
    }

    // A compressed message inflates past the limit (1009), or is no DEFLATE data (1002): nothing of the current frame
    // from here on is forwarded. If its header was forwarded by an earlier scan, the sink is left inside a frame, which
    // forwardEndsAtBoundary() says: the relay cannot write a close frame there, and closes that connection instead.
    private Verdict refuseInflated(ByteBuffer bytes, int at, InflatedSize.Result result) {
        boolean headerHere = frameStart >= 0;
        bytes.position(bytes.limit());
        forwardEnd = headerHere ? frameStart : at;
        forwardEndsAtBoundary = headerHere;
        broken = true;
        return result == InflatedSize.Result.TOO_BIG ? Verdict.TOO_BIG : Verdict.PROTOCOL_ERROR;
    }

    private Verdict stop(ByteBuffer bytes, int consumed, int forwardable, boolean atBoundary, Verdict verdict) {
        bytes.position(consumed);
        forwardEnd = forwardable;
        forwardEndsAtBoundary = atBoundary;
        return verdict;
    }

    private Verdict fail(ByteBuffer bytes, int at) {
        broken = true;
        forwardEnd = at;
        forwardEndsAtBoundary = true;
        bytes.position(bytes.limit());
        return Verdict.PROTOCOL_ERROR;
    }

    private void readClose(ByteBuffer bytes, int payload, int length, int maskAt) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            byte b = bytes.get(payload + i);
            body[i] = maskAt < 0 ? b : (byte) (b ^ bytes.get(maskAt + (i & 3)));
        }
        closeCode = length >= 2 ? ((body[0] & 0xFF) << 8) | (body[1] & 0xFF) : NO_STATUS;
        closeReason = length > 2 ? new String(body, 2, length - 2, StandardCharsets.UTF_8) : "";
    }

    /** The absolute index up to which the bytes of the last scan may be forwarded. */
    public int forwardEnd() {
        return forwardEnd;
    }

    /** Whether {@link #forwardEnd} falls between two frames (so another frame may be written there). */
    public boolean forwardEndsAtBoundary() {
        return forwardEndsAtBoundary;
    }

    /** Data messages whose last frame was scanned. */
    public long messages() {
        return messages;
    }

    /** Data payload bytes scanned (compressed size, where an extension compresses). */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** The code of the last close frame scanned, {@value #NO_STATUS} if it had none. */
    public int closeCode() {
        return closeCode;
    }

    /** The reason of the last close frame scanned, "" if none. */
    public String closeReason() {
        return closeReason;
    }
}
