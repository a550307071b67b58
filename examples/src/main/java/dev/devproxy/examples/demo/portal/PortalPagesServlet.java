package dev.devproxy.examples.demo.portal;

import dev.devproxy.examples.demo.ClasspathFiles;
import dev.devproxy.examples.demo.DemoOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * The portal's pages ({@code /} and {@code /status}) and their stylesheet and script. The pages are
 * static but for the routing they explain; {@code portal.js} fills them from {@link PortalApiServlet}.
 *
 * <p>The pages live on one host, {@code localhost} (or {@code --domain}): a page opened as
 * {@code http://127.0.0.1:8000/} is sent there (307). The launch must start on the host whose launch
 * binding cookie the browser holds, and with host routing devproxy sends each launch back through that host.
 */
public final class PortalPagesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ClasspathFiles FILES = new ClasspathFiles("/dev/devproxy/examples/demo/portal/");

    private final String host;
    private final String routing;

    /** The pages of the portal on {@code host}, explaining {@code routing}. */
    public PortalPagesServlet(String host, DemoOptions.RoutingChoice routing) {
        this.host = Objects.requireNonNull(host, "host");
        this.routing = routing.name().toLowerCase(Locale.ROOT);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!host.equalsIgnoreCase(request.getServerName())) {
            response.setStatus(307);
            response.setHeader("Location", "http://" + host + ":" + request.getServerPort() + request.getRequestURI());
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        switch (path) {
            case "/" -> page("index.html", response);
            case "/status" -> page("status.html", response);
            default -> FILES.serve(path.substring(1), response);
        }
    }

    private void page(String name, HttpServletResponse response) throws IOException {
        ClasspathFiles.send(name, FILES.read(name).replace("{{routing}}", routing), response);
    }
}
