package dev.devproxy.e2e;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What one direction of a recorded WebSocket carried (RFC 6455 §5.2): data messages, their payload bytes on the wire,
 * and, for messages compressed with {@code permessage-deflate} (RSV1, RFC 7692), what they inflate to. For
 * measurements only.
 */
record WireFrames(long messages, long compressedMessages, long wireBytes, long inflatedBytes, long frameBytes) {

    /**
     * Reads {@code stream} (frames only, no HTTP head); {@code resetEachMessage} when the sender compressed each message
     * with an empty window ({@code *_no_context_takeover}).
     */
    static WireFrames read(byte[] stream, boolean resetEachMessage) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        long messages = 0;
        long compressedMessages = 0;
        long wireBytes = 0;
        long inflatedBytes = 0;
        boolean compressed = false;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int p = 0;
        while (p + 2 <= stream.length) {
            int b0 = stream[p] & 0xFF;
            int b1 = stream[p + 1] & 0xFF;
            int opcode = b0 & 0x0F;
            boolean fin = (b0 & 0x80) != 0;
            boolean masked = (b1 & 0x80) != 0;
            int length7 = b1 & 0x7F;
            int header = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (p + header > stream.length) {
                break;
            }
            long length = length7 < 126 ? length7 : length7 == 126 ? ((stream[p + 2] & 0xFF) << 8) | (stream[p + 3] & 0xFF)
                    : java.nio.ByteBuffer.wrap(stream, p + 2, 8).getLong();
            if (p + header + length > stream.length) {
                break; // cut short by the end of the connection
            }
            int start = p + header;
            if (opcode < 0x8) {
                if (opcode != 0) {
                    compressed = (b0 & 0x40) != 0;
                    message.reset();
                }
                for (int i = 0; i < length; i++) {
                    byte b = stream[start + i];
                    message.write(masked ? b ^ stream[start - 4 + (i & 3)] : b);
                }
                wireBytes += length;
                if (fin) {
                    messages++;
                    if (compressed) {
                        compressedMessages++;
                        inflatedBytes += inflate(inflater, message.toByteArray(), resetEachMessage);
                    } else {
                        inflatedBytes += message.size();
                    }
                }
            }
            p = start + (int) length;
        }
        inflater.end();
        return new WireFrames(messages, compressedMessages, wireBytes, inflatedBytes, p);
    }

    private static long inflate(Inflater inflater, byte[] payload, boolean reset) throws DataFormatException {
        byte[] input = java.util.Arrays.copyOf(payload, payload.length + 4);
        input[payload.length + 2] = (byte) 0xFF;
        input[payload.length + 3] = (byte) 0xFF;
        inflater.setInput(input);
        byte[] out = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = inflater.inflate(out)) > 0) {
            total += n;
        }
        if (reset) {
            inflater.reset();
        }
        return total;
    }

    WireFrames plus(WireFrames other) {
        return new WireFrames(messages + other.messages, compressedMessages + other.compressedMessages,
                wireBytes + other.wireBytes, inflatedBytes + other.inflatedBytes, frameBytes + other.frameBytes);
    }
}
