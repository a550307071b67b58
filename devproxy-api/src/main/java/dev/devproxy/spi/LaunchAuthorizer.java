package dev.devproxy.spi;

import dev.devproxy.WorkspaceId;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether the caller of the token endpoint ({@code POST /api/dev/{id}/ide-token}) may open a
 * workspace. The integrator's own authentication decides — a bearer token, a session, an API key —
 * devproxy never guesses; without an authorizer devproxy serves no token endpoint (the request passes on to the host
 * application).
 *
 * <p><b>Thread:</b> a container request thread; may block. <b>Results:</b> a {@link LaunchDecision},
 * never null; an exception means the integrator's auth backend is down (503).
 *
 * <pre>{@code
 * LaunchAuthorizer authorizer = (request, workspace) -> {
 *     User user = sessions.userFor(request);
 *     if (user == null) return LaunchDecision.unauthenticated();
 *     return user.owns(workspace.value()) ? LaunchDecision.allow(user.id()) : LaunchDecision.forbidden();
 * };
 * }</pre>
 */
@FunctionalInterface
public interface LaunchAuthorizer {
    /**
     * Decides for one request.
     *
     * @param request the token-endpoint request, with the integrator's credentials on it
     * @param workspace the workspace the caller wants to open
     * @return allow (with the subject to put in the token) or deny (with the status to answer)
     * @throws Exception if the integrator's auth backend is unreachable
     */
    LaunchDecision authorize(HttpServletRequest request, WorkspaceId workspace) throws Exception;
}
