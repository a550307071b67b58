package dev.devproxy.internal.ws.loop;

import dev.devproxy.adapter.ReadBuffer;
import dev.devproxy.adapter.Wire;
import dev.devproxy.adapter.WireEvents;
import dev.devproxy.internal.ws.bytes.ByteRelay;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Internal: not API. A socket of a {@link ByteRelay} read and written on a {@link RelayLoop}: the upstream's after
 * its 101, and the browser's after the 101 devproxy sent it (on Jetty and on Tomcat's NIO connector). The container
 * or client that accepted or dialled the socket keeps its books on it (its {@link Owner}): the wire closes the socket
 * through it, and hears from it when the container closed the socket first.
 *
 * <p>As nginx does: one read per readiness event into a 64 KiB buffer taken from the pool only while bytes wait (an
 * idle socket holds none), a read shorter than the buffer taken as "the socket is empty", what was read handed to
 * the relay at once, and a write the socket cannot finish waits for write readiness while the source stops reading.
 * Reads and writes run on the loop's thread (a write that the socket takes at once may run on the writer's), and
 * never wait: every wire's writes return at once, completing later where the socket was full.
 */
public final class ChannelWire implements Wire, RelayLoop.Ready {
    /** Whoever accepted or dialled the socket, and keeps its books on it. */
    public interface Owner {
        /** Closes the socket for good, with the owner's bookkeeping; idempotent, any thread. */
        void close();
    }

    private final RelayLoop loop;
    private final SocketChannel channel;
    private final WireEvents events;
    private final Owner owner;
    private final AtomicBoolean done = new AtomicBoolean();
    // Loop thread only.
    private final ReadBuffer reads;
    private SelectionKey key;
    private boolean wantRead;
    private boolean wantWrite;
    // Guarded by this: the write the socket could not finish at once.
    private ByteBuffer pending;
    private Completion pendingDone;

    /** @param prefilled bytes that came with the upgrade, relayed before anything read from the socket; or null */
    public ChannelWire(RelayLoop loop, SocketChannel channel, ByteBuffer prefilled, ByteBufferPool pool, WireEvents events,
            Owner owner) {
        this.loop = loop;
        this.channel = channel;
        this.reads = new ReadBuffer(pool, prefilled);
        this.events = events;
        this.owner = owner;
    }

    /**
     * Registers the socket with the loop and tells the relay the wire is open, on the caller's thread (the relay
     * tells its listener, whose code may block). False if the loop is closed: the socket is closed then.
     */
    public boolean open() {
        if (!loop.execute(this::register)) {
            close();
            return false;
        }
        events.opened(this);
        return true;
    }

    private void register() {
        try {
            channel.configureBlocking(false);
            key = channel.register(loop.selector(), 0, this);
            interest(wantRead, wantWrite);
        } catch (IOException | RuntimeException e) {
            ended(); // closed before it could be registered
        }
    }

    @Override
    public void start() {
        loop.execute(this::readable);
    }

    @Override
    public void resume() {
        if (loop.inLoop()) {
            resumeOnLoop();
        } else {
            loop.execute(this::resumeOnLoop);
        }
    }

    private void resumeOnLoop() {
        reads.resume();
        readable();
    }

    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            writable();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && wantRead) {
            readable();
        }
    }

    /**
     * Reads, on the loop's thread, while bytes come and the relay takes them: until the socket is empty (read
     * interest then says when more comes), the relay cannot take more (no read interest until {@link #resume}), or the
     * socket ended.
     */
    private void readable() {
        if (done.get()) {
            return;
        }
        switch (reads.readFrom(this::read, events)) {
            case AWAIT_BYTES -> interest(true, wantWrite); // readiness says when more comes
            case PAUSED -> interest(false, wantWrite); // resume() reads on, with these bytes
            case ENDED -> ended();
        }
    }

    private int read(ByteBuffer bytes) throws IOException {
        int start = BufferUtil.flipToFill(bytes);
        try {
            return channel.read(bytes);
        } finally {
            BufferUtil.flipToFlush(bytes, start);
        }
    }

    // Loop thread only.
    private void interest(boolean read, boolean write) {
        wantRead = read;
        wantWrite = write;
        if (key != null && key.isValid()) {
            key.interestOps((read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0));
        }
    }

    /**
     * Writes what the socket takes now, from any thread; the rest when it is writable, and {@code whenDone} is
     * told then, on the loop's thread.
     */
    @Override
    public boolean write(ByteBuffer bytes, Completion whenDone) throws IOException {
        if (done.get()) {
            throw new ClosedChannelException();
        }
        channel.write(bytes);
        if (!bytes.hasRemaining()) {
            return true;
        }
        synchronized (this) {
            pending = bytes;
            pendingDone = whenDone;
        }
        if (loop.inLoop()) {
            interest(wantRead, true);
        } else if (!loop.execute(() -> interest(wantRead, true))) {
            throw new ClosedChannelException();
        }
        return false;
    }

    private void writable() {
        ByteBuffer bytes;
        synchronized (this) {
            bytes = pending;
        }
        if (bytes == null) {
            interest(wantRead, false);
            return;
        }
        try {
            channel.write(bytes);
        } catch (IOException | RuntimeException e) {
            failPending(() -> e);
            return;
        }
        if (bytes.hasRemaining()) {
            return; // still writable interest: more when the socket takes it
        }
        Completion completion;
        synchronized (this) {
            completion = pendingDone;
            pending = null;
            pendingDone = null;
        }
        interest(wantRead, false);
        if (completion != null) {
            completion.written();
        }
    }

    /** Fails the write still waiting, if any; the cause is made only then (most closes have none waiting). */
    private void failPending(Supplier<Throwable> cause) {
        Completion completion;
        synchronized (this) {
            completion = pendingDone;
            pending = null;
            pendingDone = null;
        }
        if (completion != null) {
            completion.failed(cause.get());
        }
    }

    /** Closes the socket through its owner, at once; a write still waiting fails. Idempotent, any thread. */
    @Override
    public void close() {
        if (done.compareAndSet(false, true)) {
            owner.close();
            afterClose();
        }
    }

    /**
     * The owner closed the socket (the container stopping, or the client giving up on the connection): the relay
     * hears the socket ended, unless the wire closed it itself.
     */
    public void ended() {
        if (done.compareAndSet(false, true)) {
            owner.close();
            afterClose();
            events.ended();
        }
    }

    private void afterClose() {
        failPending(() -> new EOFException("the socket closed"));
        // The buffer goes back on the loop, the only thread that reads. When the loop is gone, nothing reads any more
        // and the buffer is simply dropped.
        loop.execute(reads::release);
    }
}
