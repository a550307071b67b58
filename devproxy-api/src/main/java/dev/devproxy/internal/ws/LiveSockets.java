package dev.devproxy.internal.ws;

import dev.devproxy.Failure;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Internal: not API. The open socket pairs of one {@code DevProxy}: for closing a workspace's sockets, for
 * keep-alive pings, and for shutdown (drain, then 1001).
 */
final class LiveSockets {
    private static final long CHECK_MILLIS = 250;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final WebSocketSettings settings;
    private final Map<Long, LivePair> relays = new ConcurrentHashMap<>();
    private ScheduledExecutorService pinger;
    private boolean shutDown;

    LiveSockets(WebSocketSettings settings) {
        this.settings = settings;
    }

    /** Registers a pair; false (and the pair is not registered) once shutdown has begun. */
    boolean add(LivePair relay) {
        synchronized (this) {
            // Registered under the same lock shutdown takes, so no relay can slip in after shutdown looked.
            if (!shutDown) {
                startPinger();
                relays.put(relay.id(), relay);
                return true;
            }
        }
        return false;
    }

    void remove(LivePair relay) {
        relays.remove(relay.id());
        synchronized (this) {
            notifyAll();
        }
    }

    int size() {
        return relays.size();
    }

    int closeWorkspace(WorkspaceId workspace, Failure failure) {
        List<LivePair> matching = new ArrayList<>();
        for (LivePair relay : relays.values()) {
            if (relay.exchange().workspace().equals(workspace)) {
                matching.add(relay);
            }
        }
        matching.forEach(relay -> relay.closeBoth(failure.closeCode(), failure.title()));
        return matching.size();
    }

    /** Waits up to the drain time for sockets to close on their own, then closes the rest with 1001. */
    void shutdown() {
        long deadline = System.nanoTime() + settings.shutdownDrain().toNanos();
        synchronized (this) {
            shutDown = true;
            awaitEmpty(deadline);
            if (pinger != null) {
                pinger.shutdownNow();
            }
        }
        for (LivePair relay : new ArrayList<>(relays.values())) {
            relay.closeBoth(Failure.SHUTTING_DOWN.closeCode(), Failure.SHUTTING_DOWN.title());
        }
        awaitEmpty(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS));
    }

    // Used for the drain, and after the 1001s: close frames go out asynchronously, so give them a moment before
    // the upstream client (and its pool) stops.
    private synchronized void awaitEmpty(long deadline) {
        try {
            long left;
            while (!relays.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startPinger() {
        if (pinger != null) {
            return;
        }
        pinger = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "devproxy-ws-keepalive");
            thread.setDaemon(true);
            return thread;
        });
        if (!settings.pingInterval().isZero()) {
            long interval = settings.pingInterval().toMillis();
            pinger.scheduleAtFixedRate(this::pingAll, interval, interval, TimeUnit.MILLISECONDS);
        }
        pinger.scheduleWithFixedDelay(this::checkAll, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    // Deadlines a pair keeps itself (the byte relay's idle, stalled-write and close-handshake limits).
    private void checkAll() {
        long now = System.nanoTime();
        for (LivePair relay : relays.values()) {
            try {
                relay.check(now);
            } catch (RuntimeException e) {
                relay.closeBoth(1011, "check failed");
            }
        }
    }

    // A throwing task would silently cancel the schedule, so one broken socket must not stop the pings.
    private void pingAll() {
        for (LivePair relay : relays.values()) {
            try {
                relay.ping();
            } catch (RuntimeException e) {
                relay.closeBoth(1011, "keep-alive failed");
            }
        }
    }
}
