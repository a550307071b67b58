package dev.devproxy.testkit;

import dev.devproxy.Caller;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.TargetResolver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TargetResolver} over a map, for tests: workspaces can be added and removed while the proxy
 * runs, and the resolver can be told to misbehave (throw, return null) to test the failure paths.
 */
public final class FixedResolver implements TargetResolver {
    /** How the resolver behaves. */
    public enum Mode {
        /** Answer from the map. */
        NORMAL,
        /** Throw, as a resolver does when its registry is down. */
        THROW,
        /** Return null, as a broken resolver does. */
        RETURN_NULL
    }

    private final Map<WorkspaceId, Target> targets = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Mode mode = Mode.NORMAL;

    /** Maps {@code workspace} to {@code target}. */
    public FixedResolver put(String workspace, Target target) {
        targets.put(WorkspaceId.of(workspace), target);
        return this;
    }

    /** Forgets {@code workspace}. */
    public void remove(String workspace) {
        targets.remove(WorkspaceId.of(workspace));
    }

    /** Sets how the resolver behaves from now on. */
    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** How many times the proxy asked. */
    public int calls() {
        return calls.get();
    }

    @Override
    public Optional<Target> resolve(WorkspaceId workspace, Caller caller) throws Exception {
        calls.incrementAndGet();
        switch (mode) {
            case THROW:
                throw new java.io.IOException("registry unreachable (test)");
            case RETURN_NULL:
                return null;
            default:
                return Optional.ofNullable(targets.get(workspace));
        }
    }
}
