package dev.devproxy.internal.ws.frames;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte relay's frame-header reader, fed the way sockets feed it: whole, split anywhere, or in one go. */
class FrameScannerTest {
    private static final long LIMIT = 64 * 1024;

    @Test
    void countsMessagesAndPayloadAcrossFragmentsAndInterleavedControlFrames() {
        byte[] stream = concat(
                frame(false, 0x1, 300, true),   // text, first fragment
                frame(true, 0x9, 5, true),      // a ping in the middle of the message
                frame(true, 0x0, 4700, true),   // its last fragment
                frame(true, 0x2, 65_000, true), // a binary message with a 64-bit length field
                frame(true, 0xA, 0, true));     // an empty pong
        FrameScanner scanner = new FrameScanner(true, 1 << 20);
        Fed fed = feed(scanner, stream, stream.length);
        assertThat(fed.verdicts()).containsOnly(FrameScanner.Verdict.MORE);
        assertThat(fed.forwarded()).isEqualTo(stream.length);
        assertThat(scanner.messages()).isEqualTo(2);
        assertThat(scanner.payloadBytes()).isEqualTo(300 + 4700 + 65_000);
        assertThat(scanner.forwardEndsAtBoundary()).isTrue();
    }

    /** Every split point of a stream gives the same result as reading it whole: headers are never forwarded in part. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 13, 64, 139, 1000})
    void aStreamSplitIntoChunksOfAnySizeScansTheSame(int chunk) {
        byte[] stream = concat(frame(true, 0x1, 3, true), frame(true, 0x2, 126, true), frame(true, 0x2, 70_000, true),
                frame(true, 0x9, 125, true), closeFrame(4321, "bye now", true));
        FrameScanner scanner = new FrameScanner(true, LIMIT * 2);
        Fed fed = feed(scanner, stream, chunk);
        assertThat(fed.verdicts()).last().isEqualTo(FrameScanner.Verdict.CLOSE);
        assertThat(scanner.messages()).isEqualTo(3);
        assertThat(scanner.payloadBytes()).isEqualTo(3 + 126 + 70_000);
        assertThat(scanner.closeCode()).isEqualTo(4321);
        assertThat(scanner.closeReason()).isEqualTo("bye now");
        // The close frame is consumed but not forwarded: the relay writes its own.
        assertThat(fed.forwarded()).isEqualTo(stream.length - closeFrame(4321, "bye now", true).length);
        for (int cut : fed.cuts()) {
            assertThat(isFrameBoundaryOrInPayload(stream, cut)).as("forwarded up to %d", cut).isTrue();
        }
    }

    @Test
    void closeFramesFromServersAreReadUnmaskedAndAnEmptyOneHasNoStatus() {
        FrameScanner withCode = new FrameScanner(false, LIMIT);
        assertThat(withCode.scan(ByteBuffer.wrap(closeFrame(1000, "", false)))).isEqualTo(FrameScanner.Verdict.CLOSE);
        assertThat(withCode.closeCode()).isEqualTo(1000);
        FrameScanner empty = new FrameScanner(false, LIMIT);
        assertThat(empty.scan(ByteBuffer.wrap(new byte[] {(byte) 0x88, 0}))).isEqualTo(FrameScanner.Verdict.CLOSE);
        assertThat(empty.closeCode()).isEqualTo(FrameScanner.NO_STATUS);
    }

    @Test
    void aMessageOverTheLimitIsRefusedBeforeAnyOfItIsForwarded() {
        byte[] first = frame(false, 0x2, 3000, true);
        byte[] second = frame(true, 0x0, 2000, true); // 5000 in all, over 4096
        byte[] stream = concat(frame(true, 0x1, 10, true), first, second);
        FrameScanner scanner = new FrameScanner(true, 4096);
        ByteBuffer bytes = ByteBuffer.wrap(stream);
        assertThat(scanner.scan(bytes)).isEqualTo(FrameScanner.Verdict.TOO_BIG);
        assertThat(scanner.forwardEnd()).isEqualTo(stream.length - second.length);
        assertThat(scanner.messages()).isEqualTo(1);
    }

    @Test
    void ordinaryMessagesUpToTheLimitPass() {
        FrameScanner scanner = new FrameScanner(true, 4096);
        byte[] stream = frame(true, 0x2, 4096, true);
        assertThat(scanner.scan(ByteBuffer.wrap(stream))).isEqualTo(FrameScanner.Verdict.MORE);
        assertThat(scanner.forwardEnd()).isEqualTo(stream.length);
    }

    @Test
    void protocolViolationsStopForwardingAtTheOffendingFrame() {
        byte[] good = frame(true, 0x1, 4, true);
        byte[] fragment = frame(false, 0x1, 4, true);
        List<byte[]> violations = List.of(
                frame(true, 0x1, 4, false),                 // a browser's frame must be masked
                frame(true, 0x3, 4, true),                  // reserved opcode
                frame(false, 0x9, 4, true),                 // fragmented control frame
                frame(true, 0x0, 4, true),                  // continuation with no message started
                withRsv1(frame(true, 0x1, 4, true)),        // RSV1 without a negotiated extension
                concat(fragment, frame(true, 0x2, 4, true))); // a new message inside a fragmented one
        for (byte[] violation : violations) {
            FrameScanner scanner = new FrameScanner(true, LIMIT);
            ByteBuffer bytes = ByteBuffer.wrap(concat(good, violation));
            assertThat(scanner.scan(bytes)).isEqualTo(FrameScanner.Verdict.PROTOCOL_ERROR);
            int sound = good.length + (violation.length > fragment.length ? fragment.length : 0);
            assertThat(scanner.forwardEnd()).as("forwarded before the violation").isEqualTo(sound);
            assertThat(scanner.scan(ByteBuffer.wrap(good))).as("stays broken").isEqualTo(FrameScanner.Verdict.PROTOCOL_ERROR);
        }
        FrameScanner server = new FrameScanner(false, LIMIT);
        assertThat(server.scan(ByteBuffer.wrap(good))).as("a server's frame must not be masked")
                .isEqualTo(FrameScanner.Verdict.PROTOCOL_ERROR);
    }

    @Test
    void rsv1PassesOnTheFirstFrameOfAMessageOncePermessageDeflateWasNegotiated() {
        FrameScanner scanner = new FrameScanner(true, LIMIT);
        scanner.negotiatedDeflate(null);
        byte[] stream = concat(withRsv1(frame(true, 0x1, 4, true)), withRsv1(frame(false, 0x2, 4, true)),
                frame(true, 0x0, 4, true), frame(true, 0x1, 4, true));
        assertThat(scanner.scan(ByteBuffer.wrap(stream))).isEqualTo(FrameScanner.Verdict.MORE);
        assertThat(scanner.messages()).isEqualTo(3);
    }

    /** RFC 7692 §6.1: RSV1 only on a data message's first frame; RSV2 and RSV3 belong to nothing negotiated. */
    @Test
    void reservedBitsAnywhereElseBreakTheProtocolEvenWithPermessageDeflate() {
        byte[] fragment = frame(false, 0x1, 4, true);
        List<byte[]> violations = List.of(
                withRsv1(frame(true, 0x9, 4, true)),                   // on a ping
                withRsv1(frame(true, 0x8, 2, true)),                   // on a close
                concat(fragment, withRsv1(frame(true, 0x0, 4, true))), // on a continuation
                withBits(frame(true, 0x1, 4, true), 0x20),             // RSV2
                withBits(frame(true, 0x2, 4, true), 0x10),             // RSV3
                withBits(frame(true, 0x2, 4, true), 0x60));            // RSV1 and RSV2
        for (byte[] violation : violations) {
            FrameScanner scanner = new FrameScanner(true, LIMIT);
            scanner.negotiatedDeflate(null);
            assertThat(scanner.scan(ByteBuffer.wrap(violation))).isEqualTo(FrameScanner.Verdict.PROTOCOL_ERROR);
            int sound = violation[0] == fragment[0] ? fragment.length : 0;
            assertThat(scanner.forwardEnd()).as("forwarded before the violation").isEqualTo(sound);
        }
    }

    @Test
    void compressedMessagesAreCountedAsWhatTheyInflateTo() {
        Deflater browser = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        byte[] small = compressedFrame(browser, 3000, true);
        byte[] bomb = compressedFrame(browser, 1 << 20, true); // 1 MiB of zeros: about 1 KiB on the wire
        assertThat(bomb.length).isLessThan(4096);
        FrameScanner scanner = new FrameScanner(true, 4096);
        scanner.negotiatedDeflate(new InflatedSize(4096, false));
        ByteBuffer bytes = ByteBuffer.wrap(concat(small, bomb));
        assertThat(scanner.scan(bytes)).isEqualTo(FrameScanner.Verdict.TOO_BIG);
        assertThat(scanner.forwardEnd()).as("none of the bomb is forwarded").isEqualTo(small.length);
        assertThat(scanner.forwardEndsAtBoundary()).isTrue();
        assertThat(scanner.messages()).isEqualTo(1);
    }

    /** A bomb whose header went out with an earlier read leaves the sink inside a frame, which the scanner says. */
    @Test
    void aCompressedMessageRefusedInsideAFrameSaysSo() {
        byte[] bomb = compressedFrame(new Deflater(Deflater.DEFAULT_COMPRESSION, true), 1 << 20, true);
        FrameScanner scanner = new FrameScanner(true, 4096);
        scanner.negotiatedDeflate(new InflatedSize(4096, false));
        ByteBuffer first = ByteBuffer.wrap(bomb, 0, 16);
        assertThat(scanner.scan(first)).isEqualTo(FrameScanner.Verdict.MORE);
        assertThat(scanner.forwardEnd()).as("the header and the first bytes went out").isEqualTo(16);
        ByteBuffer rest = ByteBuffer.wrap(bomb, 16, bomb.length - 16);
        assertThat(scanner.scan(rest)).isEqualTo(FrameScanner.Verdict.TOO_BIG);
        assertThat(scanner.forwardEndsAtBoundary()).isFalse();
        assertThat(scanner.forwardEnd()).isLessThan(bomb.length);
    }

    /** With the browser's window kept between messages (the default), later messages refer back to earlier ones. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void messagesCompressedAgainstEarlierOnesAreCountedWithOrWithoutContextTakeover(boolean noContextTakeover) {
        Deflater browser = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        FrameScanner scanner = new FrameScanner(true, LIMIT);
        scanner.negotiatedDeflate(new InflatedSize(LIMIT, noContextTakeover));
        byte[] text = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{}}".repeat(20)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 5; i++) {
            if (noContextTakeover) {
                browser.reset();
            }
            byte[] message = compressedFrame(browser, text, true);
            assertThat(message.length).isLessThan(text.length);
            assertThat(feed(scanner, message, 7).verdicts()).containsOnly(FrameScanner.Verdict.MORE);
        }
        assertThat(scanner.messages()).isEqualTo(5);
    }

    @Test
    void compressedBytesThatAreNoDeflateDataBreakTheProtocol() {
        FrameScanner scanner = new FrameScanner(true, LIMIT);
        scanner.negotiatedDeflate(new InflatedSize(LIMIT, false));
        byte[] garbage = withRsv1(frame(true, 0x2, 300, true)); // a reserved block type among them
        assertThat(scanner.scan(ByteBuffer.wrap(garbage))).isEqualTo(FrameScanner.Verdict.PROTOCOL_ERROR);
    }

    @Test
    void messagesFromAServerAreNotInflatedButTheirCompressedSizeIsLimited() {
        FrameScanner scanner = new FrameScanner(false, 4096);
        scanner.negotiatedDeflate(null);
        byte[] bomb = compressedFrame(new Deflater(Deflater.DEFAULT_COMPRESSION, true), 1 << 20, false);
        assertThat(scanner.scan(ByteBuffer.wrap(bomb))).isEqualTo(FrameScanner.Verdict.MORE);
        assertThat(scanner.payloadBytes()).isEqualTo(bomb.length - 4);
    }

    @Test
    void theRelaysOwnControlFramesScanAsWhatTheySay() {
        FrameScanner towardsUpstream = new FrameScanner(true, LIMIT);
        assertThat(towardsUpstream.scan(ControlFrames.ping(true))).isEqualTo(FrameScanner.Verdict.MORE);
        assertThat(towardsUpstream.scan(ControlFrames.close(4410, "workspace closed", true)))
                .isEqualTo(FrameScanner.Verdict.CLOSE);
        assertThat(towardsUpstream.closeCode()).isEqualTo(4410);
        assertThat(towardsUpstream.closeReason()).isEqualTo("workspace closed");
        FrameScanner towardsBrowser = new FrameScanner(false, LIMIT);
        towardsBrowser.scan(ControlFrames.close(1006, "x".repeat(200), false));
        assertThat(towardsBrowser.closeCode()).as("never an unsendable code").isEqualTo(1011);
        assertThat(towardsBrowser.closeReason()).hasSize(CloseCodes.MAX_REASON_BYTES);
    }

    /** The scanner fed {@code stream} in chunks of {@code chunk} bytes, keeping unconsumed bytes as a socket reader does. */
    private static Fed feed(FrameScanner scanner, byte[] stream, int chunk) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).flip();
        Fed fed = new Fed();
        int offset = 0;
        while (offset < stream.length) {
            buffer.compact();
            int n = Math.min(Math.min(chunk, buffer.remaining()), stream.length - offset);
            buffer.put(stream, offset, n).flip();
            int streamIndexOfBuffer = offset + n - buffer.limit();
            offset += n;
            int start = buffer.position();
            FrameScanner.Verdict verdict = scanner.scan(buffer);
            fed.verdicts.add(verdict);
            fed.forwarded += scanner.forwardEnd() - start;
            fed.cuts.add(streamIndexOfBuffer + scanner.forwardEnd());
        }
        return fed;
    }

    private static final class Fed {
        final java.util.ArrayList<FrameScanner.Verdict> verdicts = new java.util.ArrayList<>();
        final java.util.ArrayList<Integer> cuts = new java.util.ArrayList<>();
        long forwarded;

        List<FrameScanner.Verdict> verdicts() {
            return verdicts;
        }

        long forwarded() {
            return forwarded;
        }

        List<Integer> cuts() {
            return cuts;
        }
    }

    // True if index is a frame start, or lies inside a payload (never inside a header).
    private static boolean isFrameBoundaryOrInPayload(byte[] stream, int index) {
        int p = 0;
        while (p < stream.length) {
            if (index == p) {
                return true;
            }
            int length7 = stream[p + 1] & 0x7F;
            boolean masked = (stream[p + 1] & 0x80) != 0;
            int header = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            long length = length7 < 126 ? length7 : length7 == 126 ? ByteBuffer.wrap(stream, p + 2, 2).getShort() & 0xFFFF
                    : ByteBuffer.wrap(stream, p + 2, 8).getLong();
            if (index > p && index < p + header) {
                return false;
            }
            if (index >= p + header && index < p + header + length) {
                return true;
            }
            p += header + (int) length;
        }
        return index == stream.length;
    }

    static byte[] frame(boolean fin, int opcode, int length, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            out.write(maskBit | length);
        } else if (length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(maskBit | 127);
            out.writeBytes(ByteBuffer.allocate(8).putLong(length).array());
        }
        if (masked) {
            out.writeBytes(new byte[] {1, 2, 3, 4});
        }
        for (int i = 0; i < length; i++) {
            out.write(masked ? (i % 251) ^ (i % 4 + 1) : i % 251);
        }
        return out.toByteArray();
    }

    private static byte[] closeFrame(int code, String reason, boolean masked) {
        ByteBuffer frame = ControlFrames.close(code, reason, masked);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    private static byte[] withRsv1(byte[] frame) {
        return withBits(frame, 0x40);
    }

    private static byte[] withBits(byte[] frame, int reserved) {
        frame[0] |= (byte) reserved;
        return frame;
    }

    /** A final binary frame with RSV1 holding {@code zeros} zero bytes compressed by {@code deflater}. */
    private static byte[] compressedFrame(Deflater deflater, int zeros, boolean masked) {
        return compressedFrame(deflater, new byte[zeros], masked);
    }

    /** As a browser compresses a message (RFC 7692 §7.2.1): sync-flushed, the trailing 00 00 FF FF removed. */
    private static byte[] compressedFrame(Deflater deflater, byte[] message, boolean masked) {
        deflater.setInput(message);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            compressed.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] payload = java.util.Arrays.copyOf(compressed.toByteArray(), compressed.size() - 4);
        byte[] header = frame(true, 0x2, payload.length, masked);
        int headerLength = header.length - payload.length;
        for (int i = 0; i < payload.length; i++) {
            header[headerLength + i] = masked ? (byte) (payload[i] ^ (i % 4 + 1)) : payload[i];
        }
        return withRsv1(header);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

}
