package dev.devproxy.internal.ws.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. A thread of devproxy's own with one {@link Selector}, on which the byte relay reads and writes
 * the two sockets of its pairs ({@link ChannelWire}), as nginx's worker does: one readiness wait for many sockets,
 * then for each ready socket one read or one write, with no hand-off to another thread. Both sockets of a pair are
 * on the same loop, so what one socket reads is written to the other on the thread that read it.
 *
 * <p>Everything that touches a selection key runs on the loop's thread: other threads {@link #execute} a task, and
 * the loop wakes up for it. Nothing that runs here may block.
 */
public final class RelayLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.websocket");
    private static final long STOP_WAIT_MILLIS = 1000;

    /** What a socket registered with the loop hears when it is ready. */
    interface Ready {
        /** {@code readyOps} of the socket's key are ready; runs on the loop's thread. */
        void ready(int readyOps);

        /** Closes the socket for good; called when {@link #ready} failed. */
        void close();
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean closed;

    public RelayLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the WebSocket relay", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        // devproxy's loader, not the web application's that first relayed: the loops outlive it (see RelayLoops).
        thread.setContextClassLoader(RelayLoop.class.getClassLoader());
        thread.start();
    }

    /** Whether the caller runs on this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop's thread, soon; false if the loop is closed (the task will never run). */
    boolean execute(Runnable task) {
        if (closed) {
            return false;
        }
        tasks.add(task);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
        return true;
    }

    /** The selector, for registering a socket from the loop's thread. */
    Selector selector() {
        return selector;
    }

    private void run() {
        try {
            while (!closed) {
                runTasks();
                selector.select();
                wakeupPending.set(false);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid()) {
                        ready(key);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.warn("the WebSocket relay loop {} failed: {}", thread.getName(), e.toString());
            }
        } finally {
            closed = true;
            runTasks(); // the tasks of sockets that close with the loop
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the relay loop's selector failed: {}", e.toString());
            }
        }
    }

    private static void ready(SelectionKey key) {
        int readyOps;
        try {
            readyOps = key.readyOps();
        } catch (RuntimeException e) {
            return; // cancelled meanwhile: its socket was closed
        }
        Ready socket = (Ready) key.attachment();
        try {
            socket.ready(readyOps);
        } catch (RuntimeException e) {
            // One pair's failure closes that pair, never the loop and with it every other pair on it.
            LOG.warn("a WebSocket relay socket failed and is closed: {}", e.toString());
            socket.close();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("a WebSocket relay task failed on {}", thread.getName(), e);
            }
        }
    }

    /**
     * Stops the loop and waits (a second at most) for its thread to end, so that a container that checks for
     * threads its application left running (Tomcat, when a context stops) finds none. Sockets still registered are
     * the relay's to have closed before.
     */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
