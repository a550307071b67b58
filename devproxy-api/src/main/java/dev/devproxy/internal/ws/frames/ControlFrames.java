package dev.devproxy.internal.ws.frames;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Internal: not API. The control frames a byte relay writes itself (RFC 6455 §5.5): keep-alive pings and
 * close frames. Frames towards an upstream are masked, as a client's must be (§5.3); frames towards a
 * browser are not, as a server's must not be.
 */
public final class ControlFrames {
    private static final int FIN = 0x80;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;

    private ControlFrames() {
    }

    /** An empty ping. */
    public static ByteBuffer ping(boolean masked) {
        return frame(PING, new byte[0], masked);
    }

    /**
     * A close frame with {@code code} (made {@linkplain CloseCodes#toSendable sendable}) and {@code reason}
     * (truncated to fit), or without a body when {@code code} is {@link FrameScanner#NO_STATUS}.
     */
    public static ByteBuffer close(int code, String reason, boolean masked) {
        if (code == FrameScanner.NO_STATUS) {
            return frame(CLOSE, new byte[0], masked);
        }
        int sendable = CloseCodes.toSendable(code);
        byte[] text = CloseCodes.truncateReason(reason).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + text.length];
        body[0] = (byte) (sendable >> 8);
        body[1] = (byte) sendable;
        System.arraycopy(text, 0, body, 2, text.length);
        return frame(CLOSE, body, masked);
    }

    private static ByteBuffer frame(int opcode, byte[] body, boolean masked) {
        ByteBuffer frame = ByteBuffer.allocate(2 + (masked ? 4 : 0) + body.length);
        frame.put((byte) (FIN | opcode));
        frame.put((byte) ((masked ? 0x80 : 0) | body.length));
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.put(mask);
            for (int i = 0; i < body.length; i++) {
                frame.put((byte) (body[i] ^ mask[i & 3]));
            }
        } else {
            frame.put(body);
        }
        return frame.flip();
    }
}
