package dev.devproxy.examples.samples;

import dev.devproxy.DevProxy;
import dev.devproxy.LaunchToken;
import dev.devproxy.WorkspaceId;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Issuing launch tokens from the application's own endpoint, behind its own authentication, instead of
 * devproxy's {@code POST /api/dev/{id}/ide-token}. Useful when the API already has a route shape, an auth
 * filter, or audit logging every endpoint must go through.
 *
 * <pre>{@code
 * // DevProxy built without a launchAuthorizer: devproxy's own token endpoint stays off, only this one issues.
 * DevProxy proxy = DevProxy.builder()
 *         .routing(Routing.hosts("{id}.ide.example-ide.net", "app.example.com"))
 *         .resolver(registry)
 *         .tokens(JwtTokens.hmac(secret))
 *         .build();
 * context.addServlet(new ServletHolder(new OwnTokenEndpoint(proxy, users)), "/api/workspaces/*");
 * }</pre>
 *
 * <p>{@code POST /api/workspaces/{id}/open} with {@code Authorization: Bearer <api key>} answers
 * {@code {"url": "https://{id}.ide.example-ide.net/__devproxy/launch?token=...&binding=..."}}; the front end opens
 * that URL in a new tab. With host routing, as here, the workspace opens at the root of its own origin, where its
 * pages cannot call this API with the user's credentials; the launch passes once through this application's host
 * ({@code /api/dev/{id}/ide}), which devproxy serves, to check the browser.
 *
 * <p>{@link DevProxy#issueLaunch(HttpServletRequest, HttpServletResponse, String, WorkspaceId)} sets an HttpOnly
 * binding cookie on this endpoint's response, so the URL works only in the browser that called it: a URL that
 * leaks, or that an attacker minted for their own workspace and sends a victim, opens nothing elsewhere. So the
 * endpoint must be called by the browser that will open the URL (a {@code fetch} from the application's page),
 * not by a back end on its behalf.
 */
public final class OwnTokenEndpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Stands for the application's own authentication and ownership rules. */
    @FunctionalInterface
    public interface Users {
        /** The user an API key belongs to, or empty if the key is unknown. */
        Optional<User> byApiKey(String apiKey);
    }

    /**
     * A user of the application.
     *
     * @param id the user id; becomes the launch token's subject
     * @param workspace the one workspace this user owns (a real application looks ownership up)
     */
    public record User(String id, String workspace) {
    }

    private final transient DevProxy proxy;
    private final transient Users users;

    /** An endpoint issuing tokens with {@code proxy} to callers {@code users} recognises. */
    public OwnTokenEndpoint(DevProxy proxy, Users users) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();   // "/{id}/open"
        String[] parts = path.split("/");
        Optional<WorkspaceId> workspace = parts.length == 3 && parts[2].equals("open")
                ? WorkspaceId.parse(parts[1]) : Optional.empty();
        if (workspace.isEmpty()) {
            response.sendError(404);
            return;
        }
        String authorization = Objects.requireNonNullElse(request.getHeader("Authorization"), "");
        Optional<User> user = authorization.startsWith("Bearer ")
                ? users.byApiKey(authorization.substring("Bearer ".length())) : Optional.empty();
        if (user.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"api\"");     // RFC 6750 §3
            response.sendError(401);
            return;
        }
        if (!user.get().workspace().equals(workspace.get().value())) {
            response.sendError(404);                        // "not yours" looks like "does not exist"
            return;
        }
        // Before anything is written: the binding cookie goes on this response.
        LaunchToken launch = proxy.issueLaunch(request, response, user.get().id(), workspace.get());
        response.setHeader("Cache-Control", "no-store");      // the URL is a credential until it is spent
        response.setContentType("application/json");
        response.getWriter().write("{\"url\":\"" + launch.url() + "\"}");   // URL-safe: no JSON escaping needed
    }
}
