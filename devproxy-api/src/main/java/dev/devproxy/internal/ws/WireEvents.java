package dev.devproxy.internal.ws;

import java.nio.ByteBuffer;

/** Internal: not API. What a {@link Wire} that reads its socket itself tells its {@link ByteRelay}. */
interface WireEvents {
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
