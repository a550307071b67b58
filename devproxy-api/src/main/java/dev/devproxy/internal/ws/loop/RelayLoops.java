package dev.devproxy.internal.ws.loop;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Internal: not API. The group of {@link RelayLoop}s that relays byte-relayed pairs: one loop per two processors (at
 * least one), as Jetty sizes its selectors. Each pair gets one, in turn, for both its sockets.
 *
 * <p>One group serves every {@code DevProxy} of the JVM (of the class loader that loaded devproxy, so each web
 * application has its own): the first proxy to relay a pair {@link #acquire starts} it, each proxy
 * {@link #release releases} it when it stops, and the last release closes the loops. An application with ten proxies
 * therefore runs one thread per two processors for its WebSockets, not ten times that.
 */
public final class RelayLoops {
    private static final String NAME = "devproxy-ws-relay";
    private static RelayLoops shared;
    private static int users;

    private final RelayLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    private RelayLoops(String name) {
        loops = new RelayLoop[Math.max(1, Runtime.getRuntime().availableProcessors() / 2)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new RelayLoop(name + "-" + i);
        }
    }

    /** The shared group, started if no proxy holds it; every call needs one {@link #release}. */
    public static synchronized RelayLoops acquire() {
        if (shared == null) {
            shared = new RelayLoops(NAME);
        }
        users++;
        return shared;
    }

    /** Gives back one {@link #acquire}: the last one closes the loops (their pairs were closed before). */
    public static synchronized void release(RelayLoops group) {
        if (group != shared || users == 0) {
            throw new IllegalStateException("released a relay loop group that is not held");
        }
        if (--users == 0) {
            shared = null;
            for (RelayLoop loop : group.loops) {
                loop.close();
            }
        }
    }

    /** The loop for the next pair. */
    public RelayLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }
}
