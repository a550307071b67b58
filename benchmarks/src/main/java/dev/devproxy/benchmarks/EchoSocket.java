package dev.devproxy.benchmarks;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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
    private Object held;

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
        if (!hit(n)) {
            session.sendBinary(payload, callback);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
        callback.succeed();
        misbehave(n, copy, message -> session.sendBinary(message, Callback.NOOP), message -> {
            int last = message.limit() - 1;
            message.put(last, (byte) (message.get(last) ^ 1));
            return message;
        });
    }

    @Override
    public void onWebSocketText(String message) {
        long n = index++;
        if (!hit(n)) {
            session.sendText(message, Callback.NOOP);
            return;
        }
        misbehave(n, message, text -> session.sendText(text, Callback.NOOP), text -> {
            char last = text.charAt(text.length() - 1);
            return text.substring(0, text.length() - 1) + (last == 'a' ? 'b' : 'a');
        });
    }

    private boolean hit(long n) {
        return fault != Fault.NONE && (n == Fault.VICTIM || n == Fault.VICTIM + 1);
    }

    /** Message {@code n} (the victim or the one after it) goes out as the fault says. */
    @SuppressWarnings("unchecked")
    private <T> void misbehave(long n, T message, Consumer<T> send, UnaryOperator<T> corrupt) {
        boolean victim = n == Fault.VICTIM;
        switch (fault) {
            case CORRUPT -> send.accept(victim ? corrupt.apply(message) : message);
            case DROP -> {
                if (!victim) {
                    send.accept(message);
                }
            }
            default -> {
                if (victim) {
                    held = message;
                } else {
                    send.accept(message);
                    send.accept((T) held);
                }
            }
        }
    }
}
