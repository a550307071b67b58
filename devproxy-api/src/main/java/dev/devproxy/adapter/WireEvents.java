package dev.devproxy.adapter;

import java.nio.ByteBuffer;

/**
 * What a {@link Wire} tells the engine's relay about its socket: that it is open, what it read, that it ended. The
 * engine implements it ({@link BrowserSide#events}); a wire calls it from its reading thread, one call at a time.
 */
public interface WireEvents {
    /** The socket now carries WebSocket bytes. */
    void opened(Wire wire);

    /**
     * Bytes arrived; what cannot be used yet stays in {@code bytes}. False if the wire must not read again until it
     * is {@linkplain Wire#resume resumed} (and then hands the same bytes over again).
     */
    boolean received(ByteBuffer bytes);

    /** The socket ended or failed. */
    void ended();
}
