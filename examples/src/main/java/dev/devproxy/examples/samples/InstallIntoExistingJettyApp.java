package dev.devproxy.examples.samples;

import dev.devproxy.DevProxy;
import dev.devproxy.jetty.JettyDevProxy;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Installing devproxy into a Jetty 12 application that already has routes of its own: one call, before
 * the context starts. The application's servlets, filters and paths stay exactly as they were.
 *
 * <pre>{@code
 * DevProxy proxy = DevProxy.builder()
 *         .routing(Routing.hosts("{id}.ide.example-ide.net", "app.example.com"))   // one origin per workspace
 *         .resolver(registry)
 *         .tokens(JwtTokens.hmac(secret))
 *         .launchAuthorizer((request, workspace) -> ...)                          // your auth decides
 *         .build();
 * Server server = InstallIntoExistingJettyApp.start(proxy, 8080);
 * }</pre>
 *
 * <p>With host routing devproxy adds, on the application's host, {@code POST /api/dev/{id}/ide-token} and the
 * launch's middle step {@code GET /api/dev/{id}/ide}; and it serves every request addressed to a workspace's host
 * ({@code ws-1.ide.example-ide.net}, any path) itself, from a filter at the head of the chain, so none of the
 * application's routes is ever reached through a workspace's host. Each workspace's pages then run on an origin
 * of their own, where they cannot call this application's API with the user's cookies. (With
 * {@code Routing.sharedOrigin()} the tunnel is {@code /__ide/{id}/*} on the application's own origin instead,
 * where a workspace's pages can: see {@code Routing}.)
 */
public final class InstallIntoExistingJettyApp {
    private InstallIntoExistingJettyApp() {
    }

    /** Starts the application on {@code 127.0.0.1:port} (0 for any free port) with {@code proxy} installed. */
    public static Server start(DevProxy proxy, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(ProjectsApi.class, "/api/*");       // the application's own API, untouched
        JettyDevProxy.install(context, proxy);                 // devproxy's routes, next to it

        server.setHandler(context);
        server.start();
        return server;
    }

    /**
     * Stands for the application's existing API. Note that it may also own paths under {@code /api/dev/}:
     * devproxy's filter passes on every request to the application's host that is not one of its two routes.
     */
    public static final class ProjectsApi extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write("{\"route\":\"" + request.getPathInfo() + "\",\"served\":\"by the application\"}");
        }
    }
}
