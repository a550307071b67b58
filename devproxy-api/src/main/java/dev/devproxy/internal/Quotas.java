package dev.devproxy.internal;

import dev.devproxy.Limits;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.LimitReached.Limit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal: not API. The counters behind {@link Limits}: how many WebSocket pairs each subject, each workspace and the
 * proxy hold, how many dials and HTTP exchanges each workspace has in flight. A claim takes one unit of every counter
 * it names or none (all-or-nothing, each counter changed atomically), so that of N concurrent claims against a limit of
 * K exactly K succeed. Counters at zero are removed: memory follows what is held, not who ever asked. Thread-safe.
 */
public final class Quotas {
    /** One unit of one counter: which limit, whose, and the limit's value. */
    public record Unit(Limit limit, String key, int max) {
    }

    /** What a claim took; give it back with {@link #release}. */
    public record Claim(List<Unit> units) {
    }

    private final Limits limits;
    private final ConcurrentHashMap<Unit, Integer> held = new ConcurrentHashMap<>();

    public Quotas(Limits limits) {
        this.limits = limits;
    }

    /** What a refused client is told to wait. */
    public Duration retryAfter() {
        return limits.retryAfter();
    }

    /** The units of one WebSocket pair of {@code subject} on {@code workspace}. */
    public List<Unit> webSocket(String subject, WorkspaceId workspace) {
        return List.of(new Unit(Limit.WEBSOCKETS_PER_PROXY, "", limits.webSocketsPerProxy()),
                new Unit(Limit.WEBSOCKETS_PER_WORKSPACE, workspace.value(), limits.webSocketsPerWorkspace()),
                new Unit(Limit.WEBSOCKETS_PER_SUBJECT, subject, limits.webSocketsPerSubject()));
    }

    /** The unit of one upgrade dialling {@code workspace}. */
    public List<Unit> dial(WorkspaceId workspace) {
        return List.of(new Unit(Limit.DIALS_PER_WORKSPACE, workspace.value(), limits.dialsPerWorkspace()));
    }

    /** The unit of one HTTP exchange with {@code workspace}. */
    public List<Unit> httpExchange(WorkspaceId workspace) {
        return List.of(new Unit(Limit.HTTP_EXCHANGES_PER_WORKSPACE, workspace.value(),
                limits.httpExchangesPerWorkspace()));
    }

    /**
     * Takes every unit or none.
     *
     * @return the claim, or null if a unit was at its limit; {@link #refused} names which
     */
    public Claim tryClaim(List<Unit> units) {
        for (int i = 0; i < units.size(); i++) {
            if (!take(units.get(i))) {
                for (int j = 0; j < i; j++) {
                    give(units.get(j));
                }
                return null;
            }
        }
        return new Claim(units);
    }

    /** The first of {@code units} at its limit now (for the refusal's report), or the first if none is any more. */
    public Limit refused(List<Unit> units) {
        for (Unit unit : units) {
            if (held.getOrDefault(unit, 0) >= unit.max()) {
                return unit.limit();
            }
        }
        return units.get(0).limit();
    }

    /** Gives back what {@code claim} took; null is nothing. */
    public void release(Claim claim) {
        if (claim != null) {
            claim.units().forEach(this::give);
        }
    }

    /** How many units of {@code limit} are held in all (for tests and reports). */
    public int held(Limit limit) {
        return held.entrySet().stream().filter(e -> e.getKey().limit() == limit).mapToInt(e -> e.getValue()).sum();
    }

    private boolean take(Unit unit) {
        boolean[] taken = {false};
        held.compute(unit, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= unit.max()) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    private void give(Unit unit) {
        held.computeIfPresent(unit, (key, count) -> count <= 1 ? null : count - 1);
    }
}
