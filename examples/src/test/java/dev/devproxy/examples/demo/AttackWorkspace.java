package dev.devproxy.examples.demo;

import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.demo.workspaces.UpstreamServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The workspace {@code evil}: a server whose content is untrusted, as a cloned repository or a notebook's output
 * is. It serves the attack page {@code evil.html} (with {@code evil.js}, from {@code src/test/resources}) and
 * {@code /plant}, which answers with {@code Set-Cookie}s aimed outside the workspace: the application's host, the
 * victim workspace's host, devproxy's and the portal's own cookie names.
 */
final class AttackWorkspace {
    static final WorkspaceId ID = WorkspaceId.of("evil");
    private static final ClasspathFiles FILES = new ClasspathFiles("/dev/devproxy/examples/demo/attack/");
    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]{1,253}");
    private static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9-]{1,63}");

    private AttackWorkspace() {
    }

    /** Starts the evil workspace's server on 127.0.0.1 and a free port. */
    static UpstreamServer start() throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new Pages()), "/*");
        return UpstreamServer.start("evil", context);
    }

    /** The workspace as the demo lists it: strip mode, so the page is {@code evil.html} at the workspace's root. */
    static DemoWorkspace workspace(UpstreamServer server) {
        return new DemoWorkspace(ID, Target.strip(server.uri()), "Evil",
                "A workspace whose content is untrusted: a cloned repository with an HTML file in it.");
    }

    private static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getRequestURI()) {
                case "/" -> ClasspathFiles.send("index.html", "<!doctype html><title>evil</title>"
                        + "<p>A cloned repository. Open <a href=\"evil.html\">evil.html</a>.</p>", response);
                case "/evil.html" -> FILES.serve("evil.html", response);
                case "/evil.js" -> FILES.serve("evil.js", response);
                case "/plant" -> plant(request, response);
                default -> response.sendError(404);
            }
        }

        private static void plant(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String app = request.getParameter("app");
            String sibling = request.getParameter("sibling");
            String victimId = request.getParameter("victimId");
            if (app == null || sibling == null || victimId == null || !HOST.matcher(app).matches()
                    || !HOST.matcher(sibling).matches() || !ID_PATTERN.matcher(victimId).matches()) {
                response.sendError(400);
                return;
            }
            // What a hostile app can answer: devproxy must keep every one of these inside this workspace.
            response.addHeader("Set-Cookie", "planted_http_app=1; Domain=" + app + "; Path=/");
            response.addHeader("Set-Cookie", "planted_http_sibling=1; Domain=" + sibling + "; Path=/");
            response.addHeader("Set-Cookie", "planted_http_victim_path=1; Path=/__ide/" + victimId + "/");
            response.addHeader("Set-Cookie", "portal_session=planted-http; Path=/api/");
            response.addHeader("Set-Cookie", "devproxy_session=planted-http; Path=/");
            response.setContentType("text/plain");
            response.getWriter().write("planted");
        }
    }
}
