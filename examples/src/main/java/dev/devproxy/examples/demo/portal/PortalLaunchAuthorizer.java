package dev.devproxy.examples.demo.portal;

import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.samples.InMemoryWorkspaceRegistry;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.LaunchDecision;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Answers devproxy's question "may this caller open this workspace?" from the portal's own sign-in and the
 * registry's record of who may use what ({@link LaunchDecision#notFound()} for "not yours", as for "no such
 * workspace"). The registry asks the same again on every tunnel request, so a share taken back ends access at once.
 */
public final class PortalLaunchAuthorizer implements LaunchAuthorizer {
    private final PortalSessions sessions;
    private final InMemoryWorkspaceRegistry registry;

    /** Decides from {@code sessions}, for the workspaces in {@code registry}. */
    public PortalLaunchAuthorizer(PortalSessions sessions, InMemoryWorkspaceRegistry registry) {
        this.sessions = sessions;
        this.registry = registry;
    }

    @Override
    public LaunchDecision authorize(HttpServletRequest request, WorkspaceId workspace) {
        Optional<String> name = sessions.nameOf(request);
        if (name.isEmpty()) {
            return LaunchDecision.unauthenticated();
        }
        if (!registry.mayUse(workspace, name.get())) {
            return LaunchDecision.notFound();
        }
        return LaunchDecision.allow(name.get());
    }
}
