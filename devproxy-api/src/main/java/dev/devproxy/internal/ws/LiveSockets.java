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
 * Internal: not API. The open relays of one {@code DevProxy}: for closing a workspace's sockets, for
 * keep-alive pings, and for shutdown (drain, then 1001).
 */
final class LiveSockets {
    private final WebSocketSettings settings;
    private final Map<Long, Relay> relays = new ConcurrentHashMap<>();
    private ScheduledExecutorService pinger;
    private boolean shutDown;

    LiveSockets(WebSocketSettings settings) {
        this.settings = settings;
    }

    void add(Relay relay) {
        synchronized (this) {
            // Registered under the same lock shutdown takes, so no relay can slip in after shutdown looked.
            if (!shutDown) {
                startPinger();
                relays.put(relay.id, relay);
                return;
            }
        }
        relay.closeBoth(Failure.SHUTTING_DOWN.closeCode(), Failure.SHUTTING_DOWN.title());
    }

    void remove(Relay relay) {
        relays.remove(relay.id);
        synchronized (this) {
            notifyAll();
        }
    }

    int size() {
        return relays.size();
    }

    int closeWorkspace(WorkspaceId workspace, Failure failure) {
        List<Relay> matching = new ArrayList<>();
        for (Relay relay : relays.values()) {
            if (relay.exchange.workspace().equals(workspace)) {
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
            try {
                long left;
                while (!relays.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (pinger != null) {
                pinger.shutdownNow();
            }
        }
        for (Relay relay : new ArrayList<>(relays.values())) {
            relay.closeBoth(Failure.SHUTTING_DOWN.closeCode(), Failure.SHUTTING_DOWN.title());
        }
    }

    private void startPinger() {
        if (pinger != null || settings.pingInterval().isZero()) {
            return;
        }
        pinger = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "devproxy-ws-keepalive");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pingInterval().toMillis();
        pinger.scheduleAtFixedRate(this::pingAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    // A throwing task would silently cancel the schedule, so one broken socket must not stop the pings.
    private void pingAll() {
        for (Relay relay : relays.values()) {
            try {
                relay.ping();
            } catch (RuntimeException e) {
                relay.closeBoth(1011, "keep-alive failed");
            }
        }
    }
}
