package dev.devproxy.internal;

import dev.devproxy.Routing;
import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.routing.ApplicationOrigin;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.internal.routing.HostPattern;
import java.util.Optional;

/**
 * Internal: not API. Host routing as one proxy configured it: which hosts are workspaces' (and which workspace),
 * where a workspace's origin and the application's origin are, and the path kept for devproxy on workspace hosts.
 * Immutable.
 */
final class WorkspaceHosts {
    /** What a request's host is. */
    sealed interface Match permits NotAWorkspaceHost, InvalidWorkspaceHost, Workspace {
    }

    /** A host that is no workspace's: the application's own, or any other. */
    record NotAWorkspaceHost() implements Match {
    }

    /** A host of the pattern's shape whose label is not an id this pattern routes: never served. */
    record InvalidWorkspaceHost() implements Match {
    }

    /** The host of {@code workspace}. */
    record Workspace(WorkspaceId workspace) implements Match {
    }

    private final HostPattern pattern;
    private final ApplicationOrigin application;
    private final String reservedPrefix;

    private WorkspaceHosts(HostPattern pattern, ApplicationOrigin application, String reservedPrefix) {
        this.pattern = pattern;
        this.application = application;
        this.reservedPrefix = reservedPrefix;
    }

    static WorkspaceHosts of(ProxySettings settings) {
        Routing routing = settings.routing();
        return new WorkspaceHosts(HostPattern.parse(routing.workspaceHostPattern().orElseThrow()),
                ApplicationOrigin.parse(routing.applicationHost().orElseThrow()), routing.reservedPrefix().orElseThrow());
    }

    /** What {@code origin}'s host is. */
    Match match(BrowserOrigin origin) {
        Optional<String> label = pattern.labelOf(origin.host());
        if (label.isEmpty()) {
            return new NotAWorkspaceHost();
        }
        return pattern.workspaceOf(label.get()).<Match>map(Workspace::new).orElseGet(InvalidWorkspaceHost::new);
    }

    /** Whether {@code workspace} has a host under the pattern (its id is a DNS label). */
    boolean routes(WorkspaceId workspace) {
        return pattern.routes(workspace);
    }

    /** Fails unless {@code workspace} has a host under the pattern. */
    void requireRoutable(WorkspaceId workspace) {
        pattern.hostOf(workspace);
    }

    /** The origin of {@code workspace}, as seen from a request to the application's origin {@code application}. */
    BrowserOrigin workspaceOrigin(BrowserOrigin application, WorkspaceId workspace) {
        return application.withHost(pattern.hostOf(workspace), pattern.port());
    }

    /** The origin of {@code workspace} when no request tells scheme and port: https, the pattern's port. */
    BrowserOrigin unboundWorkspaceOrigin(WorkspaceId workspace) {
        return new BrowserOrigin("https", pattern.hostOf(workspace),
                pattern.port() == -1 ? BrowserOrigin.defaultPort("https") : pattern.port());
    }

    /** The application's origin, as seen from a request to a workspace's origin. */
    BrowserOrigin applicationOrigin(BrowserOrigin workspaceRequest) {
        return application.resolve(workspaceRequest);
    }

    /** The path kept for devproxy on every workspace host, e.g. {@code /__devproxy}. */
    String reservedPrefix() {
        return reservedPrefix;
    }
}
