package dev.devproxy.adapter;

import dev.devproxy.DevProxy;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many servlet contexts one {@link DevProxy} is installed in, so that it is closed when the last of them stops
 * and not before: one proxy may serve several contexts (an application's public and admin contexts, say), and the
 * first to stop must not take the others' live sockets with it. Adapters count every install here and run what
 * {@link #installedIn} returns when that context stops.
 */
public final class Installations {
    private static final Map<DevProxy, Integer> CONTEXTS = new IdentityHashMap<>();

    private Installations() {
    }

    /**
     * Counts one more context {@code proxy} is installed in. Returns what that context runs when it stops: the
     * proxy is closed if no other context still has it; a second run does nothing.
     */
    public static Runnable installedIn(DevProxy proxy) {
        Objects.requireNonNull(proxy, "proxy");
        synchronized (CONTEXTS) {
            CONTEXTS.merge(proxy, 1, Integer::sum);
        }
        AtomicBoolean stopped = new AtomicBoolean();
        return () -> {
            if (stopped.getAndSet(true)) {
                return;
            }
            boolean last;
            synchronized (CONTEXTS) {
                int left = CONTEXTS.merge(proxy, -1, Integer::sum);
                last = left <= 0;
                if (last) {
                    CONTEXTS.remove(proxy);
                }
            }
            if (last) {
                proxy.close();
            }
        };
    }
}
