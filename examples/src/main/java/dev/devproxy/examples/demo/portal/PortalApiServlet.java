package dev.devproxy.examples.demo.portal;

import dev.devproxy.DevProxy;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.demo.DemoWorkspace;
import dev.devproxy.examples.demo.Json;
import dev.devproxy.examples.samples.InMemoryWorkspaceRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.BiFunction;

/**
 * The host application's own API under {@code /api/*}, next to devproxy's {@code /api/dev/...} routes:
 * <ul>
 *   <li>{@code GET /api/session}: {@code {"signedIn": true, "name": "ada"}} or {@code {"signedIn": false}};</li>
 *   <li>{@code POST /api/session} with form field {@code name}: signs in (any name), then 303 to {@code /};</li>
 *   <li>{@code POST /api/session/sign-out}: signs out, revokes the IDE sessions it opened, then 303 to {@code /};</li>
 *   <li>{@code GET /api/workspaces}, signed in only: the caller's workspaces with their public addresses, each
 *       probed for reachability, and the live socket count. Never a workspace's upstream address: what the portal
 *       shows, everyone who signs in sees (issue 26, finding 14).</li>
 * </ul>
 */
public final class PortalApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_NAME = 40;

    private final transient PortalSessions sessions;
    private final transient InMemoryWorkspaceRegistry registry;
    private final transient List<DemoWorkspace> workspaces;
    private final transient ReachabilityProbe probe;
    private final transient DevProxy proxy;
    private final transient BiFunction<WorkspaceId, Integer, URI> publicAddress;

    /**
     * The API over {@code sessions} and the {@code workspaces} listed in {@code registry}; {@code proxy} reports its
     * live sockets; {@code publicAddress} gives a workspace's address for the portal's port.
     */
    public PortalApiServlet(PortalSessions sessions, InMemoryWorkspaceRegistry registry, List<DemoWorkspace> workspaces,
            DevProxy proxy, BiFunction<WorkspaceId, Integer, URI> publicAddress) {
        this.sessions = sessions;
        this.registry = registry;
        this.workspaces = List.copyOf(workspaces);
        this.proxy = proxy;
        this.publicAddress = publicAddress;
        this.probe = new ReachabilityProbe(proxy.routing());
    }

    @Override
    public void destroy() {
        probe.close();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (String.valueOf(request.getPathInfo())) {
            case "/session" -> sendJson(response, 200, session(request));
            case "/workspaces" -> workspaces(request, response);
            default -> response.sendError(404);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (String.valueOf(request.getPathInfo())) {
            case "/session" -> signIn(request, response);
            case "/session/sign-out" -> {
                // Signing out ends the IDE sessions the portal opened too: their next request is 401 and their
                // WebSockets close with 4401 (issue 26, finding 3).
                sessions.nameOf(request).ifPresent(proxy::revokeSubject);
                sessions.signOut(request);
                response.addHeader("Set-Cookie", PortalSessions.expiredCookieHeader());
                seeOther(response, "/");
            }
            default -> response.sendError(404);
        }
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = Optional.ofNullable(request.getParameter("name")).map(String::strip).orElse("");
        if (name.isEmpty() || name.length() > MAX_NAME) {
            response.sendError(400, "name must be 1 to " + MAX_NAME + " characters");
            return;
        }
        // The demo's stand-in for "this user's workspaces": everyone who signs in may use every listed one.
        workspaces.forEach(workspace -> registry.grant(workspace.id(), name));
        response.addHeader("Set-Cookie", PortalSessions.cookieHeader(sessions.signIn(name)));
        seeOther(response, "/");
    }

    private String session(HttpServletRequest request) {
        return sessions.nameOf(request)
                .map(name -> "{\"signedIn\":true,\"name\":" + Json.string(name) + "}")
                .orElse("{\"signedIn\":false}");
    }

    private void workspaces(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> name = sessions.nameOf(request);
        if (name.isEmpty()) {
            sendJson(response, 401, "{\"signedIn\":false}");
            return;
        }
        List<DemoWorkspace> theirs = workspaces.stream().filter(w -> registry.mayUse(w.id(), name.get())).toList();
        StringJoiner list = new StringJoiner(",", "[", "]");
        for (ReachabilityProbe.Result result : probe.probe(theirs)) {
            DemoWorkspace workspace = result.workspace();
            list.add("{\"id\":" + Json.string(workspace.id().value())
                    + ",\"title\":" + Json.string(workspace.title())
                    + ",\"description\":" + Json.string(workspace.description())
                    + ",\"mode\":" + Json.string(workspace.target().pathMode().name().toLowerCase(Locale.ROOT))
                    // Where the browser finds it, never where its container listens.
                    + ",\"url\":" + Json.string(publicAddress.apply(workspace.id(), request.getServerPort()).toString())
                    + ",\"reachable\":" + result.reachable()
                    + ",\"detail\":" + Json.string(result.detail()) + "}");
        }
        sendJson(response, 200, "{\"workspaces\":" + list + ",\"openSockets\":" + proxy.openSockets() + "}");
    }

    // 303: after a form POST, the browser GETs the page (RFC 9110 §15.4.4).
    private static void seeOther(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
    }

    private static void sendJson(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
