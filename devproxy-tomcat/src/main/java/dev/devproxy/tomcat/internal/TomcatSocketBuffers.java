package dev.devproxy.tomcat.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * Internal: not API. Takes back the two socket buffers Tomcat's NIO connector keeps with each connection
 * ({@code socket.appReadBufSize} and {@code socket.appWriteBufSize}, 8 KiB each by default) while the connection is
 * handed over to the relay loop, which reads and writes the socket with buffers of its own, and gives a connection
 * new ones before Tomcat has it back. An idle pair on Tomcat held 25.3 KiB of live heap, 16 KiB of it these two
 * buffers that nothing reads or writes (docs/benchmarks.md).
 *
 * <p>Tomcat has no API to shrink them ({@link SocketBufferHandler#expand} only grows), so the handler's two buffer
 * fields are set directly, through {@link VarHandle}s probed once. Tomcat keeps a closed connection's channel, its
 * buffers with it, for the next connection, and a channel left with empty buffers would read nothing: the buffers
 * must be given back before Tomcat closes the connection. {@link TomcatSocketHandover#close} does that, in the
 * dispatch (or the processor's release) where Tomcat learns that the connection ended, which comes before Tomcat
 * closes it however the pair ends; {@code TomcatSocketHandoverTest} checks it, pair after pair on a connector that
 * must reuse each channel.
 */
final class TomcatSocketBuffers {
    private static final ByteBuffer NONE = ByteBuffer.allocate(0); // capacity 0: position and limit stay 0
    private static final VarHandle READ_BUFFER;
    private static final VarHandle WRITE_BUFFER;
    private static final String PROBLEM;

    static {
        VarHandle read = null;
        VarHandle write = null;
        String problem = null;
        try {
            MethodHandles.Lookup fields = MethodHandles.privateLookupIn(SocketBufferHandler.class,
                    MethodHandles.lookup());
            read = fields.findVarHandle(SocketBufferHandler.class, "readBuffer", ByteBuffer.class);
            write = fields.findVarHandle(SocketBufferHandler.class, "writeBuffer", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "SocketBufferHandler's buffer fields cannot be set (" + e + ")";
            read = null;
            write = null;
        }
        READ_BUFFER = read;
        WRITE_BUFFER = write;
        PROBLEM = problem;
    }

    private final SocketBufferHandler buffers;
    private final int readCapacity;
    private final int writeCapacity;
    private final boolean direct;
    private boolean given; // guarded by this

    private TomcatSocketBuffers(SocketBufferHandler buffers) {
        this.buffers = buffers;
        ByteBuffer read = buffers.getReadBuffer();
        this.readCapacity = read.capacity();
        this.writeCapacity = buffers.getWriteBuffer().capacity();
        this.direct = read.isDirect();
    }

    /** Why this Tomcat's buffers cannot be taken back, or empty if they can. */
    static Optional<String> problem() {
        return Optional.ofNullable(PROBLEM);
    }

    /**
     * Takes {@code buffers}' two buffers away, and returns what gives them back; null (and nothing taken) if this
     * Tomcat's buffers cannot be taken. Only for a connection Tomcat no longer reads or writes, whose buffers hold no
     * bytes (the hand-over takes what Tomcat read ahead first).
     */
    static TomcatSocketBuffers takeBack(SocketBufferHandler buffers) {
        if (PROBLEM != null) {
            return null;
        }
        TomcatSocketBuffers taken = new TomcatSocketBuffers(buffers);
        READ_BUFFER.setVolatile(buffers, NONE);
        WRITE_BUFFER.setVolatile(buffers, NONE);
        return taken;
    }

    /** Gives the connection new buffers as large as those taken, once; Tomcat may then close and reuse it. */
    synchronized void giveBack() {
        if (given) {
            return;
        }
        given = true;
        READ_BUFFER.setVolatile(buffers, allocate(readCapacity));
        WRITE_BUFFER.setVolatile(buffers, allocate(writeCapacity));
    }

    /** Sets {@code buffers}' write buffer (see {@link TomcatWideWrites}); only when {@link #problem} is empty. */
    static void setWriteBuffer(SocketBufferHandler buffers, ByteBuffer buffer) {
        WRITE_BUFFER.setVolatile(buffers, buffer);
    }

    private ByteBuffer allocate(int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }
}
