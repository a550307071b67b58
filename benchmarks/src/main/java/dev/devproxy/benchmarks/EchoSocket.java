package dev.devproxy.benchmarks;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The upstream's WebSocket endpoint: echoes every message back unchanged, binary without copying. The next
 * message is read only once the echo was written (demand follows the callback), so the upstream applies
 * backpressure like a real application. {@link Fault} makes it misbehave for the harness's own tests.
 */
public final class EchoSocket implements Session.Listener.AutoDemanding {
    private final Fault fault;
    private Session session;
    private long index;
    private ByteBuffer heldBinary;
    private String heldText;

    /** An echo socket with {@code fault}. */
    public EchoSocket(Fault fault) {
        this.fault = fault;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        long n = index++;
        if (fault == Fault.NONE || (n != Fault.VICTIM && n != Fault.VICTIM + 1)) {
            session.sendBinary(payload, callback);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
        callback.succeed();
        switch (fault) {
            case CORRUPT -> {
                if (n == Fault.VICTIM) {
                    int last = copy.limit() - 1;
                    copy.put(last, (byte) (copy.get(last) ^ 1));
                }
                session.sendBinary(copy, Callback.NOOP);
            }
            case DROP -> {
                if (n != Fault.VICTIM) {
                    session.sendBinary(copy, Callback.NOOP);
                }
            }
            default -> {
                if (n == Fault.VICTIM) {
                    heldBinary = copy;
                } else {
                    session.sendBinary(copy, Callback.NOOP);
                    session.sendBinary(heldBinary, Callback.NOOP);
                }
            }
        }
    }

    @Override
    public void onWebSocketText(String message) {
        long n = index++;
        if (fault == Fault.NONE || (n != Fault.VICTIM && n != Fault.VICTIM + 1)) {
            session.sendText(message, Callback.NOOP);
            return;
        }
        switch (fault) {
            case CORRUPT -> session.sendText(n == Fault.VICTIM ? flipLast(message) : message, Callback.NOOP);
            case DROP -> {
                if (n != Fault.VICTIM) {
                    session.sendText(message, Callback.NOOP);
                }
            }
            default -> {
                if (n == Fault.VICTIM) {
                    heldText = message;
                } else {
                    session.sendText(message, Callback.NOOP);
                    session.sendText(heldText, Callback.NOOP);
                }
            }
        }
    }

    private static String flipLast(String message) {
        char last = message.charAt(message.length() - 1);
        return message.substring(0, message.length() - 1) + (last == 'a' ? 'b' : 'a');
    }
}
