package dev.devproxy.internal.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Internal: not API. Writes an upstream response's body to the browser one chunk at a time with Servlet non-blocking
 * I/O: write, then flush, each step taken only while the output {@linkplain ServletOutputStream#isReady is ready} and
 * otherwise resumed by the container's next {@link #onWritePossible}, and the chunk's callback completed only then
 * (which asks the upstream for the next). No thread waits for a slow browser.
 *
 * <p>The tunnel sets it as the response's {@link WriteListener} when the upstream's first chunk arrives, on the
 * upstream client's thread, and the container's first call to {@link #onWritePossible} writes that chunk; or, where
 * the container adapter asks for it ({@code ContainerAdapter.writerInOwnDispatch}, Tomcat), in the request's own
 * dispatch on the container's thread, before the upstream is asked, and chunks are then written from whichever
 * thread has them while the output is ready. Tomcat handles a
 * listener set from a thread that is not the request's by processing the connection on that thread, and in 3 of 42
 * runs of the benchmark's warm-up (each while a build loaded the machine) it dropped a request that way: nothing was
 * written, and the browser waited for its own timeout (benchmarks/results/2026-12-07-1800-tomcat-lost-request.txt).
 *
 * <p>One chunk is in flight at a time: {@link #offer} is called only when the writer is {@linkplain #idle idle}, then
 * {@link #resume} by the offering thread. The container's calls and the tunnel's may overlap; they are serialized
 * here, and whichever call runs the writer runs every step the others asked for before it returns.
 */
final class ProxyToBrowser implements WriteListener {
    private enum State {
        /** Nothing to write. */
        IDLE,
        /** A chunk waits to be written. */
        READY,
        /** Written; to be flushed. */
        WRITTEN,
        /** Flushed; done once the output is ready again. */
        FLUSHING
    }

    private final HttpServletResponse browserResponse;
    private final Request upstreamRequest;
    private final Runnable browserGone;
    /** Calls that asked the writer to run: the call that moved it from 0 runs it until it is back to 0. */
    private final AtomicInteger runs = new AtomicInteger();
    private volatile State state = State.IDLE; // read by idle() from any thread
    private volatile boolean listening;
    private byte[] buffer;
    private int offset;
    private int length;
    private Callback callback;

    /**
     * @param browserResponse the response to the browser
     * @param upstreamRequest the exchange with the upstream, aborted when the browser is gone
     * @param browserGone called when a write fails: from then on the container may end the exchange by itself
     */
    ProxyToBrowser(HttpServletResponse browserResponse, Request upstreamRequest, Runnable browserGone) {
        this.browserResponse = browserResponse;
        this.upstreamRequest = upstreamRequest;
        this.browserGone = browserGone;
    }

    /** The next chunk to write; its callback completes once the browser has taken it. Then call {@link #resume}. */
    void offer(byte[] bytes, int from, int count, Callback done) {
        if (state != State.IDLE) {
            throw new IllegalStateException("a chunk is still being written: " + state);
        }
        this.buffer = bytes;
        this.offset = from;
        this.length = count;
        this.callback = done;
        this.state = State.READY;
    }

    /** Records that the container has this writer as the response's WriteListener. */
    void listening() {
        listening = true;
    }

    /** Whether the container has this writer as the response's WriteListener. */
    boolean isListening() {
        return listening;
    }

    /** Whether no chunk is being written: nothing of the response waits in the writer. */
    boolean idle() {
        return state == State.IDLE;
    }

    /** Writes the chunk just offered as far as the output allows now; the container's calls do the rest. */
    void resume() throws IOException {
        run();
    }

    @Override
    public void onWritePossible() throws IOException {
        run();
    }

    private void run() throws IOException {
        if (runs.getAndIncrement() != 0) {
            return; // another thread is running the writer, and runs it once more for this call
        }
        try {
            do {
                step();
            } while (runs.decrementAndGet() != 0);
        } catch (IOException | RuntimeException e) {
            runs.set(0);
            throw e;
        }
    }

    private void step() throws IOException {
        if (state == State.IDLE) {
            // Nothing to write: the container's first call, or a late one (Tomcat makes one after the exchange has
            // completed, when the response must not be touched any more).
            return;
        }
        ServletOutputStream browser = browserResponse.getOutputStream();
        while (state != State.IDLE) {
            if (!browser.isReady()) {
                return; // the container calls onWritePossible once it is
            }
            switch (state) {
                case READY -> {
                    state = State.WRITTEN;
                    browser.write(buffer, offset, length);
                }
                case WRITTEN -> {
                    state = State.FLUSHING;
                    browser.flush();
                }
                case FLUSHING -> complete();
                default -> throw new IllegalStateException("not reached: the loop ends at " + state);
            }
        }
    }

    private void complete() {
        Callback done = callback;
        buffer = null;
        callback = null;
        state = State.IDLE;
        // Last: the callback may offer the next chunk and resume, which this run then writes.
        done.succeeded();
    }

    @Override
    public void onError(Throwable failure) {
        browserGone.run();
        Callback done = callback;
        callback = null;
        if (done != null) {
            done.failed(failure);
        }
        upstreamRequest.abort(failure);
    }
}
