package dev.devproxy.examples.demo.portal;

import dev.devproxy.examples.demo.ClasspathFiles;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The portal's pages ({@code /} and {@code /status}) and their stylesheet and script. The pages are
 * static; {@code portal.js} fills them from {@link PortalApiServlet}.
 */
public final class PortalPagesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ClasspathFiles FILES = new ClasspathFiles("/dev/devproxy/examples/demo/portal/");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        switch (path) {
            case "/" -> FILES.serve("index.html", response);
            case "/status" -> FILES.serve("status.html", response);
            default -> FILES.serve(path.substring(1), response);
        }
    }
}
