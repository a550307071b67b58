package dev.devproxy.internal.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Internal: not API. Writes an upstream response's body to the browser one chunk at a time with Servlet non-blocking
 * I/O: write, then flush, each step resumed by the container when the browser has taken the last one, and the chunk's
 * callback completed only then (which asks the upstream for the next). No thread waits for a slow browser.
 *
 * <p>One chunk is in flight at a time: {@link #offer} is called only after the previous chunk's callback succeeded,
 * and then {@link #onWritePossible} by the offering thread, or by the container when a write it could not finish has.
 */
final class ProxyToBrowser implements WriteListener {
    private enum State {
        /** Nothing to write. */
        IDLE,
        /** A chunk waits to be written. */
        READY,
        /** Written; its flush waits for the browser. */
        WRITTEN,
        /** Flushed, or the flush waits for the browser. */
        FLUSHING
    }

    private final HttpServletRequest request;
    private final Response proxyResponse;
    private final Runnable browserGone;
    private volatile State state = State.IDLE; // read by idle() from any thread
    private byte[] buffer;
    private int offset;
    private int length;
    private Callback callback;

    /**
     * @param browserGone called when a write fails: from then on the container may end the exchange by itself
     */
    ProxyToBrowser(HttpServletRequest request, Response proxyResponse, Runnable browserGone) {
        this.request = request;
        this.proxyResponse = proxyResponse;
        this.browserGone = browserGone;
    }

    /** The next chunk to write; its callback completes once the browser has taken it. */
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

    /** Whether no chunk is being written: nothing of the response waits in the container. */
    boolean idle() {
        return state == State.IDLE;
    }

    @Override
    public void onWritePossible() throws IOException {
        ServletOutputStream browser = request.getAsyncContext().getResponse().getOutputStream();
        switch (state) {
            case READY -> {
                state = State.WRITTEN;
                browser.write(buffer, offset, length);
                if (!browser.isReady()) {
                    return; // the container calls again once the write is done
                }
                flush(browser);
            }
            case WRITTEN -> flush(browser);
            case FLUSHING -> complete();
            case IDLE -> {
                // Called by the container after a chunk was completed: nothing is waiting.
            }
        }
    }

    private void flush(ServletOutputStream browser) throws IOException {
        state = State.FLUSHING;
        browser.flush();
        if (browser.isReady()) {
            complete();
        }
    }

    private void complete() {
        Callback done = callback;
        buffer = null;
        callback = null;
        state = State.IDLE;
        // Last: the callback may offer the next chunk and call onWritePossible again, re-entrantly.
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
        proxyResponse.abort(failure);
    }
}
