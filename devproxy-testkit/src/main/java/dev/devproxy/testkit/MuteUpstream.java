package dev.devproxy.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that accepts connections, reads whatever is sent, and never answers: for timeout tests.
 * It counts the connections the proxy closed (EOF seen), which proves the proxy gave up for real instead
 * of leaving a connection open.
 */
public final class MuteUpstream implements AutoCloseable {
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByPeer = new AtomicInteger();
    private final RawListener listener;

    private MuteUpstream() throws IOException {
        listener = new RawListener("mute-upstream", socket -> {
            accepted.incrementAndGet();
            drain(socket);
        });
    }

    /** Starts listening on 127.0.0.1, port 0. */
    public static MuteUpstream start() throws IOException {
        return new MuteUpstream();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return listener.uri();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections the other side has closed. */
    public int closedByPeer() {
        return closedByPeer.get();
    }

    private void drain(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(60_000);
            byte[] buffer = new byte[4096];
            while (in.read(buffer) != -1) {
                // Read and ignore: a mute upstream never answers.
            }
            closedByPeer.incrementAndGet();
        } catch (IOException e) {
            closedByPeer.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
