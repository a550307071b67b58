package dev.devproxy.internal.ws;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Internal: not API. The {@link RelayLoop}s of one {@code DevProxy}: one per two processors (at least one), as Jetty
 * sizes its selectors. Each relayed pair gets one, in turn, for both its sockets.
 */
final class RelayLoops implements AutoCloseable {
    private final RelayLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    RelayLoops(String name) {
        loops = new RelayLoop[Math.max(1, Runtime.getRuntime().availableProcessors() / 2)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new RelayLoop(name + "-" + i);
        }
    }

    /** The loop for the next pair. */
    RelayLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    @Override
    public void close() {
        for (RelayLoop loop : loops) {
            loop.close();
        }
    }
}
