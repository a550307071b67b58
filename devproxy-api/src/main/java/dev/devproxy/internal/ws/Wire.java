package dev.devproxy.internal.ws;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Internal: not API. One socket of a {@link ByteRelay}, as the relay writes to it: the browser's upgraded
 * connection or the upstream's. Reading is the wire's own business; it hands what it reads to the relay.
 */
interface Wire {
    /** Writes all of {@code bytes}, blocking until they are written or the write fails. */
    void write(ByteBuffer bytes) throws IOException;

    /** Starts reading (and handing reads to the relay). Called once, when both wires are connected. */
    void start();

    /** Closes the socket at once; idempotent. */
    void close();
}
