package dev.devproxy.internal.ws;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;

/**
 * Internal: not API. The browser socket of a {@link ByteRelay}: the connection the container hands over
 * after {@code HttpServletRequest.upgrade}. Reads with a {@link ReadListener} (no thread while idle, and the
 * read buffer only while bytes are waiting); writes block, which is what holds the upstream back when the
 * browser reads slowly, and a read waits for the upstream to take what it read. Public, with a public constructor, because the container instantiates it.
 */
public final class UpgradedBrowser implements HttpUpgradeHandler {
    private volatile ByteRelay relay;
    private volatile ByteBufferPool pool;

    /** For the container. */
    public UpgradedBrowser() {
    }

    void bind(ByteRelay relay, ByteBufferPool pool) {
        this.relay = relay;
        this.pool = pool;
    }

    @Override
    public void init(WebConnection connection) {
        ByteRelay bound = relay;
        try {
            bound.browserOpened(new ServletWire(connection, connection.getInputStream(), connection.getOutputStream(),
                    bound, pool));
        } catch (IOException | RuntimeException e) {
            bound.browserEnded();
            try {
                connection.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
    }

    @Override
    public void destroy() {
        ByteRelay bound = relay;
        if (bound != null) {
            bound.browserEnded(); // no-op once the pair is closing
        }
    }

    /** The upgraded streams as a {@link Wire}. */
    private static final class ServletWire implements Wire, ReadListener {
        private final WebConnection connection;
        private final ServletInputStream in;
        private final ServletOutputStream out;
        private final ByteRelay relay;
        private final ByteBufferPool pool;
        private final Semaphore resumed = new Semaphore(0);
        private RetainableByteBuffer buffer;
        private boolean closing;

        ServletWire(WebConnection connection, ServletInputStream in, ServletOutputStream out, ByteRelay relay,
                ByteBufferPool pool) {
            this.connection = connection;
            this.in = in;
            this.out = out;
            this.relay = relay;
            this.pool = pool;
        }

        @Override
        public void start(boolean sinkWritesWithoutBlocking) {
            in.setReadListener(this);
        }

        @Override
        public boolean writesWithoutBlocking() {
            return false;
        }

        @Override
        public void resume() {
            resumed.release();
        }

        // The container's thread waits while the upstream takes what it read: a read listener may not read again
        // before it returns, and this is the backpressure towards the browser.
        private boolean awaitResume() throws InterruptedIOException {
            try {
                while (!resumed.tryAcquire(1, TimeUnit.SECONDS)) {
                    if (relay.isFinished()) {
                        return false;
                    }
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the upstream was being written to");
            }
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady()) {
                if (buffer == null) {
                    buffer = pool.acquire(ByteRelay.READ_BUFFER_SIZE, false);
                    buffer.getByteBuffer().clear().limit(0);
                }
                ByteBuffer bytes = buffer.getByteBuffer();
                int end = bytes.limit();
                int read = in.read(bytes.array(), bytes.arrayOffset() + end, bytes.capacity() - end);
                if (read < 0) {
                    release();
                    relay.browserEnded();
                    return;
                }
                bytes.limit(end + read);
                boolean carried = relay.fromBrowser(bytes);
                while (!carried) {
                    if (!awaitResume()) {
                        return; // the pair finished meanwhile
                    }
                    carried = relay.fromBrowser(bytes);
                }
                if (bytes.hasRemaining()) {
                    bytes.compact().flip(); // an incomplete frame header waits for the rest
                } else {
                    bytes.clear().limit(0);
                }
            }
            if (buffer != null && !buffer.getByteBuffer().hasRemaining()) {
                release();
            }
        }

        private void release() {
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
        }

        @Override
        public void onAllDataRead() {
            relay.browserEnded();
        }

        @Override
        public void onError(Throwable failure) {
            relay.browserEnded();
        }

        @Override
        public boolean write(ByteBuffer bytes, Completion whenDone) throws IOException {
            if (bytes.hasArray()) {
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            } else {
                byte[] copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
                out.write(copy);
            }
            bytes.position(bytes.limit());
            out.flush();
            return true;
        }

        /**
         * Closes the upgraded connection. Closing its streams is not enough on Tomcat: the container closes the
         * socket when it next dispatches the connection, and after a close handshake the browser sends nothing
         * that would cause one. A write listener asks for a dispatch (the socket is writable at once), and the
         * streams are closed from it, on a container thread.
         */
        @Override
        public void close() {
            synchronized (this) {
                if (closing) {
                    return;
                }
                closing = true;
            }
            try {
                out.setWriteListener(new WriteListener() {
                    @Override
                    public void onWritePossible() {
                        closeStreams();
                    }

                    @Override
                    public void onError(Throwable failure) {
                        closeStreams();
                    }
                });
            } catch (RuntimeException e) {
                closeStreams(); // a container that refuses the listener closes on the streams' close alone
            }
        }

        private void closeStreams() {
            try {
                connection.close();
            } catch (Exception ignored) {
                // already closed
            }
        }
    }
}
