package dev.devproxy.jetty.local;

import java.util.function.IntPredicate;

/**
 * Walks a port range for an entry proxy: the preferred port first (to keep a workspace's address across
 * restarts), then the range in order, skipping browser-blocked ports and ports devproxy already uses, and
 * counting what it skipped so that running out can be explained.
 */
final class PortSearch {
    private final int first;
    private final int last;
    private final IntPredicate inUseByUs;
    private int preferred;
    private int triedFirst = -1;
    private int cursor;
    private int blocked;
    private int ours;
    private int taken;

    PortSearch(int first, int last, int preferred, IntPredicate inUseByUs) {
        this.first = first;
        this.last = last;
        this.preferred = preferred >= first && preferred <= last ? preferred : -1;
        this.inUseByUs = inUseByUs;
        this.cursor = first;
    }

    /** The next candidate, or -1 when the range is exhausted. */
    int next() {
        if (preferred != -1) {
            int port = preferred;
            preferred = -1;
            triedFirst = port;
            if (!BrowserBlockedPorts.isBlocked(port) && !inUseByUs.test(port)) {
                return port;
            }
        }
        while (cursor <= last) {
            int port = cursor++;
            if (port == triedFirst) {
                continue;
            }
            if (BrowserBlockedPorts.isBlocked(port)) {
                blocked++;
            } else if (inUseByUs.test(port)) {
                ours++;
            } else {
                return port;
            }
        }
        return -1;
    }

    /** Records that binding {@code port} failed: another process holds it. */
    void takenByAnotherProcess(int port) {
        taken++;
    }

    /** What was skipped, for the error message. */
    String describe() {
        return ours + " used by other entry proxies, " + taken + " taken by other processes, " + blocked
                + " skipped because browsers block them";
    }
}
