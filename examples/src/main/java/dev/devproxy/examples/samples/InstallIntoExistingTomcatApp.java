package dev.devproxy.examples.samples;

import dev.devproxy.DevProxy;
import dev.devproxy.tomcat.TomcatDevProxy;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * Installing devproxy into an embedded Tomcat 10.1 or 11 application that already has routes of its own: one
 * call, before the context starts. The application's servlets, filters and paths stay exactly as they were.
 *
 * <pre>{@code
 * DevProxy proxy = DevProxy.builder()
 *         .routing(Routing.hosts("{id}.ide.example-ide.net", "app.example.com"))   // one origin per workspace
 *         .resolver(registry)
 *         .tokens(JwtTokens.hmac(secret))
 *         .launchAuthorizer((request, workspace) -> ...)                          // your auth decides
 *         .build();
 * Tomcat tomcat = InstallIntoExistingTomcatApp.start(proxy, 8080, workDir);
 * }</pre>
 *
 * <p>With host routing devproxy adds, on the application's host, {@code POST /api/dev/{id}/ide-token} and the
 * launch's middle step {@code GET /api/dev/{id}/ide}; and it serves every request addressed to a workspace's host
 * ({@code ws-1.ide.example-ide.net}, any path, WebSockets included) itself, from a filter at the head of the chain,
 * so none of the application's routes is ever reached through a workspace's host. Each workspace's pages then run
 * on an origin of their own, where they cannot call this application's API with the user's cookies. (With
 * {@code Routing.sharedOrigin()} the tunnel is {@code /__ide/{id}/*} on the application's own origin instead,
 * where a workspace's pages can: see {@code Routing}.)
 *
 * <p>Nothing here is mapped to {@code /}, as in most contexts from {@code Tomcat.addContext}: {@code install}
 * maps a 404 servlet there so that devproxy's filter sees its routes (Tomcat runs filters only for mapped
 * paths), and adds Tomcat's WebSocket container, since the context has none. A WAR on a standalone Tomcat needs
 * neither call: see {@code DevProxyProvider}.
 */
public final class InstallIntoExistingTomcatApp {
    private InstallIntoExistingTomcatApp() {
    }

    /**
     * Starts the application on {@code 127.0.0.1:port} (0 for any free port) with {@code proxy} installed.
     * {@code workDir} is Tomcat's base directory, which it writes to; the caller stops and destroys the
     * returned Tomcat, which closes {@code proxy} too.
     */
    public static Tomcat start(DevProxy proxy, int port, Path workDir) throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.toString());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");

        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "projects", new ProjectsApi());   // the application's own API, untouched
        context.addServletMapping("/api/*", "projects");
        TomcatDevProxy.install(context, proxy);                       // devproxy's routes, next to it

        tomcat.start();
        return tomcat;
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
