package dev.devproxy.examples.samples;

import dev.devproxy.Caller;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.TargetResolver;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TargetResolver} backed by a map in memory: the application registers a workspace when its
 * container is up and removes it when the container stops. Enough for one node, or for a node that
 * receives "workspace started/stopped" events.
 *
 * <pre>{@code
 * InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
 * DevProxy proxy = DevProxy.builder().resolver(registry).tokens(JwtTokens.hmac(secret)).build();
 *
 * // when the orchestrator reports the container up:
 * registry.register(WorkspaceId.of("ws-42"), Target.strip(URI.create("http://10.0.3.17:8080")));
 * // when it stops (and proxy.closeWorkspace(id) to cut its live sockets too):
 * registry.remove(WorkspaceId.of("ws-42"));
 * }</pre>
 *
 * <p>Thread-safe. An unknown workspace resolves to empty, which devproxy answers with 404: there is no
 * default target.
 */
public final class InMemoryWorkspaceRegistry implements TargetResolver {
    private final Map<WorkspaceId, Target> targets = new ConcurrentHashMap<>();

    /** Routes {@code workspace} to {@code target}, replacing any earlier target. */
    public void register(WorkspaceId workspace, Target target) {
        targets.put(workspace, target);
    }

    /** Forgets {@code workspace}; its next request gets 404. Returns whether it was registered. */
    public boolean remove(WorkspaceId workspace) {
        return targets.remove(workspace) != null;
    }

    /** The target of {@code workspace}, if registered. */
    public Optional<Target> find(WorkspaceId workspace) {
        return Optional.ofNullable(targets.get(workspace));
    }

    /** The registered workspaces, sorted. */
    public Set<WorkspaceId> workspaces() {
        return new TreeSet<>(targets.keySet());
    }

    /**
     * Every signed-in caller may reach every registered workspace here; an application that scopes
     * workspaces to users checks {@code caller.subject()} and answers empty for "not yours".
     */
    @Override
    public Optional<Target> resolve(WorkspaceId workspace, Caller caller) {
        return find(workspace);
    }
}
