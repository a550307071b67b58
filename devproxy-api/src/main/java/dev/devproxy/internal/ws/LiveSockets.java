package dev.devproxy.internal.ws;

import dev.devproxy.Failure;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.LimitReached;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.Quotas;
import dev.devproxy.internal.UpstreamThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Internal: not API. The open socket pairs of one {@code DevProxy}: for closing a workspace's sockets, for
 * keep-alive pings, and for shutdown (drain, then 1001).
 */
final class LiveSockets {
    private static final long CHECK_MILLIS = 250;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    /** Whether a pair's credential still holds, asked about once a second per pair; null if it does. */
    interface CredentialWatch {
        /** Why {@code exchange}'s credential no longer holds (expired, revoked), or null. */
        String ended(Exchange exchange);
    }

    private static final int CREDENTIAL_CHECK_EVERY = 4; // checks: about once a second

    /** Whether {@link #add} registered a pair. */
    enum Added {
        /** Registered. */
        YES,
        /** Not: the proxy is shutting down. */
        SHUTTING_DOWN,
        /** Not: one of the proxy's limits is reached ({@link #refusedLimit} says which). */
        OVER_LIMIT
    }

    private final WebSocketSettings settings;
    private final CredentialWatch credentials;
    private final Quotas quotas;
    private final Map<Long, LivePair> relays = new ConcurrentHashMap<>();
    private final Map<Long, Quotas.Claim> claims = new ConcurrentHashMap<>();
    private final Supplier<UpstreamThreads> threads;
    private UpstreamThreads pinger;
    private Runnable stopPings = () -> { };
    private Runnable stopChecks = () -> { };
    private boolean shutDown;
    private long checks;

    LiveSockets(WebSocketSettings settings, CredentialWatch credentials, Quotas quotas,
            Supplier<UpstreamThreads> threads) {
        this.settings = settings;
        this.threads = threads;
        this.credentials = credentials;
        this.quotas = quotas;
    }

    /** Registers a pair, within the proxy's limits and not once shutdown has begun; otherwise it is not registered. */
    Added add(LivePair relay) {
        Quotas.Claim claim = quotas.tryClaim(units(relay.exchange()));
        if (claim == null) {
            return Added.OVER_LIMIT;
        }
        synchronized (this) {
            // Registered under the same lock shutdown takes, so no relay can slip in after shutdown looked.
            if (!shutDown) {
                startPinger();
                claims.put(relay.id(), claim);
                relays.put(relay.id(), relay);
                return Added.YES;
            }
        }
        quotas.release(claim);
        return Added.SHUTTING_DOWN;
    }

    /** Which limit refused a pair for {@code exchange}. */
    LimitReached.Limit refusedLimit(Exchange exchange) {
        return quotas.refused(units(exchange));
    }

    private List<Quotas.Unit> units(Exchange exchange) {
        return quotas.webSocket(exchange.caller().subject(), exchange.workspace());
    }

    /** Forgets a pair and gives back what it held; idempotent. */
    void remove(LivePair relay) {
        relays.remove(relay.id());
        quotas.release(claims.remove(relay.id()));
        synchronized (this) {
            notifyAll();
        }
    }

    int size() {
        return relays.size();
    }

    int closeWorkspace(WorkspaceId workspace, Failure failure) {
        return close(exchange -> exchange.workspace().equals(workspace), failure.closeCode(), failure.title());
    }

    /** Closes every pair whose exchange {@code matches} with {@code code}; returns how many. */
    int close(Predicate<Exchange> matches, int code, String reason) {
        List<LivePair> matching = new ArrayList<>();
        for (LivePair relay : relays.values()) {
            if (matches.test(relay.exchange())) {
                matching.add(relay);
            }
        }
        matching.forEach(relay -> relay.closeBoth(code, reason));
        return matching.size();
    }

    /** Waits up to the drain time for sockets to close on their own, then closes the rest with 1001. */
    void shutdown() {
        long deadline = System.nanoTime() + settings.shutdownDrain().toNanos();
        synchronized (this) {
            shutDown = true;
            awaitEmpty(deadline);
            if (pinger != null) {
                stopPings.run();
                stopChecks.run();
                pinger.release();
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
        // On the shared upstream timer and pool: no thread of this proxy's own, and a slow check (a revocation
        // store's answer) holds a pool thread, never the timer.
        pinger = threads.get();
        if (!settings.pingInterval().isZero()) {
            stopPings = pinger.repeat(settings.pingInterval(), this::pingAll);
        }
        stopChecks = pinger.repeat(Duration.ofMillis(CHECK_MILLIS), this::checkAll);
    }

    // Deadlines a pair keeps itself (the byte relay's idle, stalled-write and close-handshake limits).
    private void checkAll() {
        long now = System.nanoTime();
        boolean credentialsToo = ++checks % CREDENTIAL_CHECK_EVERY == 0;
        for (LivePair relay : relays.values()) {
            try {
                String ended;
                try {
                    ended = credentialsToo ? credentials.ended(relay.exchange()) : null;
                } catch (RuntimeException e) {
                    // The revocation store cannot tell now and fails closed (issue 27): try again later.
                    relay.closeBoth(Failure.SERVICE_UNAVAILABLE.closeCode(), "revocations unavailable");
                    continue;
                }
                if (ended != null) {
                    // A socket never outlives its credential (issue 26, finding 3): the browser re-bootstraps on 4401.
                    relay.closeBoth(Failure.UNAUTHENTICATED.closeCode(), ended);
                } else {
                    relay.check(now);
                }
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
