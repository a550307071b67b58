package dev.devproxy.benchmarks;

import java.util.zip.CRC32;

/**
 * The bodies the upstream serves and the client checks: deterministic, incompressible-looking bytes, so a
 * proxy that reorders, truncates or corrupts a body is caught by length and CRC-32.
 */
public final class Payloads {
    /** The small GET body: 1 KiB. */
    public static final int SMALL = 1024;
    /** The large GET body: 10 MiB. */
    public static final int LARGE = 10 * 1024 * 1024;
    /** The POST echo body: 16 KiB. */
    public static final int POST = 16 * 1024;

    private static final byte[] LARGE_BYTES = bytes(LARGE, 0x5eed);
    private static final byte[] SMALL_BYTES = bytes(SMALL, 0x51);
    private static final byte[] POST_BYTES = bytes(POST, 0x9057);

    private Payloads() {
    }

    /** The small body (shared: do not modify). */
    public static byte[] small() {
        return SMALL_BYTES;
    }

    /** The large body (shared: do not modify). */
    public static byte[] large() {
        return LARGE_BYTES;
    }

    /** The POST body (shared: do not modify). */
    public static byte[] post() {
        return POST_BYTES;
    }

    /** {@code length} pseudo-random bytes from {@code seed} (xorshift, so the same on every JVM). */
    public static byte[] bytes(int length, long seed) {
        byte[] out = new byte[length];
        long x = seed | 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            out[i] = (byte) x;
        }
        return out;
    }

    /** CRC-32 of {@code bytes}. */
    public static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
