package dev.devproxy.examples.samples;

import dev.devproxy.Caller;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.TargetResolver;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TargetResolver} backed by a map in memory: the application registers a workspace, with its owner, when
 * its container is up and removes it when the container stops; it may share a workspace with other users. Enough for
 * one node, or for a node that receives "workspace started/stopped/shared" events.
 *
 * <pre>{@code
 * InMemoryWorkspaceRegistry registry = new InMemoryWorkspaceRegistry();
 * DevProxy proxy = DevProxy.builder()
 *         .routing(Routing.hosts("{id}.ide.example-ide.net", "app.example.com"))
 *         .resolver(registry)
 *         .tokens(JwtTokens.hmac(secret))
 *         .build();
 *
 * // when the orchestrator reports the container up:
 * registry.register(WorkspaceId.of("ws-42"), "ada", Target.strip(URI.create("http://10.0.3.17:8080")));
 * registry.grant(WorkspaceId.of("ws-42"), "grace");        // ada shares it
 * // when it stops (and proxy.closeWorkspace(id) to cut its live sockets too):
 * registry.remove(WorkspaceId.of("ws-42"));
 * }</pre>
 *
 * <p>{@link #resolve} answers only for a caller who may use the workspace: its owner, or someone it was shared with.
 * devproxy asks on every request and WebSocket upgrade, so taking a share back ({@link #revoke}) refuses the next
 * one, although the caller's session cookie is still valid. Everyone else, like an unknown workspace, gets empty,
 * which devproxy answers with 404: "not yours" looks like "does not exist", and there is no default target.
 *
 * <p>Thread-safe.
 */
public final class InMemoryWorkspaceRegistry implements TargetResolver {
    private record Entry(Target target, String owner, Set<String> users) {
    }

    private final Map<WorkspaceId, Entry> entries = new ConcurrentHashMap<>();

    /** Routes {@code workspace} of {@code owner} to {@code target}, replacing any earlier entry and its shares. */
    public void register(WorkspaceId workspace, String owner, Target target) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(target, "target");
        Set<String> users = ConcurrentHashMap.newKeySet();
        users.add(Objects.requireNonNull(owner, "owner"));
        entries.put(workspace, new Entry(target, owner, users));
    }

    /** Lets {@code user} use {@code workspace} too. Returns whether the workspace is registered. */
    public boolean grant(WorkspaceId workspace, String user) {
        Objects.requireNonNull(user, "user");
        Entry entry = entries.get(workspace);
        if (entry == null) {
            return false;
        }
        entry.users().add(user);
        return true;
    }

    /** Takes back a {@link #grant}: {@code user}'s next request gets 404. The owner cannot be revoked. */
    public boolean revoke(WorkspaceId workspace, String user) {
        Entry entry = entries.get(workspace);
        return entry != null && !entry.owner().equals(user) && entry.users().remove(user);
    }

    /** Forgets {@code workspace}; its next request gets 404. Returns whether it was registered. */
    public boolean remove(WorkspaceId workspace) {
        return entries.remove(workspace) != null;
    }

    /** Whether {@code subject} may use {@code workspace}: it is registered and theirs, or shared with them. */
    public boolean mayUse(WorkspaceId workspace, String subject) {
        Entry entry = entries.get(workspace);
        return entry != null && entry.users().contains(subject);
    }

    /** The registered workspaces, sorted, whoever owns them (for the operator, not for users). */
    public Set<WorkspaceId> workspaces() {
        return new TreeSet<>(entries.keySet());
    }

    /** The target of {@code workspace} if {@code caller} may use it; empty otherwise, as for an unknown one. */
    @Override
    public Optional<Target> resolve(WorkspaceId workspace, Caller caller) {
        Entry entry = entries.get(workspace);
        return entry != null && entry.users().contains(caller.subject()) ? Optional.of(entry.target()) : Optional.empty();
    }
}
