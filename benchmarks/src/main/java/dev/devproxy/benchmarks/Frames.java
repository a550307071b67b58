package dev.devproxy.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The load client's WebSocket messages: an 8-byte sequence number, the CRC-32 of the rest as 8 bytes, then
 * payload bytes. Text messages carry the same header in hexadecimal. The echo upstream sends them back
 * unchanged, so the client can tell a lost, misordered or corrupt message from a good one.
 */
public final class Frames {
    /** The header length of a binary message. */
    public static final int BINARY_HEADER = 16;
    /** The header length of a text message: 16 hex digits of sequence, 8 of CRC. */
    public static final int TEXT_HEADER = 24;

    private Frames() {
    }

    /** A binary message of {@code size} bytes (at least the header) carrying {@code seq}. */
    public static ByteBuffer binary(long seq, int size, byte[] filler) {
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(seq);
        out.putLong(0);
        int body = size - BINARY_HEADER;
        out.put(filler, (int) (seq % 97), body);
        CRC32 crc = new CRC32();
        crc.update(out.array(), BINARY_HEADER, body);
        out.putLong(8, crc.getValue());
        return out.flip();
    }

    /** A text message of {@code size} ASCII characters carrying {@code seq}. */
    public static String text(long seq, int size) {
        StringBuilder body = new StringBuilder(size - TEXT_HEADER);
        for (int i = 0; i < size - TEXT_HEADER; i++) {
            body.append((char) ('a' + (seq + i) % 26));
        }
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        return String.format("%016x%08x", seq, crc.getValue()) + body;
    }

    /** The sequence number of a binary message, or -1 if it is too short to carry one. */
    public static long sequence(ByteBuffer message) {
        return message.remaining() < BINARY_HEADER ? -1 : message.getLong(message.position());
    }

    /** Whether the CRC in a binary message's header matches its body. */
    public static boolean intact(ByteBuffer message) {
        if (message.remaining() < BINARY_HEADER) {
            return false;
        }
        ByteBuffer body = message.duplicate();
        body.position(message.position() + BINARY_HEADER);
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue() == message.getLong(message.position() + 8);
    }

    /** The sequence number of a text message, or -1 if it does not carry one. */
    public static long sequence(String message) {
        if (message.length() < TEXT_HEADER) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(message, 0, 16, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the CRC in a text message's header matches its body. */
    public static boolean intact(String message) {
        if (message.length() < TEXT_HEADER) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(message.substring(TEXT_HEADER).getBytes(StandardCharsets.US_ASCII));
        try {
            return crc.getValue() == Long.parseLong(message, 16, 24, 16);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
