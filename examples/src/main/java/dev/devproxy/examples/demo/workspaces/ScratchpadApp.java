package dev.devproxy.examples.demo.workspaces;

import dev.devproxy.examples.demo.ClasspathFiles;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * The built-in "scratchpad" workspace, an app that uses the tunnel the way browser IDEs do. It runs in
 * strip mode, so it sees {@code /} where the browser asked for the workspace's root ({@code /} of
 * {@code http://scratchpad.localhost:PORT/}, or {@code /__ide/scratchpad/} with path routing):
 * <ul>
 *   <li>{@code GET /} redirects to {@code /pad/}, an absolute path devproxy must keep inside the workspace (with
 *       path routing it becomes {@code /__ide/scratchpad/pad/});</li>
 *   <li>{@code GET /pad/} is the page; it counts visits in a cookie of its own, {@code pad_visits; Path=/},
 *       which devproxy scopes to the workspace, and shows which cookies and headers reached it;</li>
 *   <li>{@code /pad/pad.css}, {@code /pad/pad.js}: relative assets;</li>
 *   <li>{@code /ws}: the WebSocket of the shared {@link Scratchpad}.</li>
 * </ul>
 */
final class ScratchpadApp {
    private static final ClasspathFiles FILES = new ClasspathFiles("/dev/devproxy/examples/demo/workspaces/scratchpad/");

    private ScratchpadApp() {
    }

    /** The app's routes, ready for an {@link UpstreamServer}. */
    static ServletContextHandler context() {
        Scratchpad pad = new Scratchpad();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new Pages()), "/*");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(Endpoint.class, "/ws")
                        .configurator(new ServerEndpointConfig.Configurator() {
                            @Override
                            public <T> T getEndpointInstance(Class<T> endpointClass) {
                                return endpointClass.cast(pad.newEndpoint());
                            }
                        })
                        .build()));
        return context;
    }

    private static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getRequestURI();
            if (path.equals("/") || path.equals("/pad")) {
                // An absolute path, as many apps send: with path routing devproxy rewrites it to /__ide/scratchpad/pad/.
                response.setStatus(302);
                response.setHeader("Location", "/pad/");
            } else if (path.equals("/pad/")) {
                page(request, response);
            } else if (path.startsWith("/pad/")) {
                FILES.serve(path.substring("/pad/".length()), response);
            } else {
                response.sendError(404);
            }
        }

        private static void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Cookie[] cookies = Objects.requireNonNullElse(request.getCookies(), new Cookie[0]);
            int visits = 1 + Arrays.stream(cookies).filter(c -> c.getName().equals("pad_visits"))
                    .mapToInt(c -> parseOrZero(c.getValue())).findFirst().orElse(0);
            String cookieNames = Arrays.stream(cookies).map(Cookie::getName).sorted().collect(Collectors.joining(", "));
            // Path=/ as the app sees itself; with path routing the browser receives Path=/__ide/scratchpad/ from devproxy.
            response.addHeader("Set-Cookie", "pad_visits=" + visits + "; Path=/; HttpOnly; SameSite=Lax");
            String html = FILES.read("index.html")
                    .replace("{{visits}}", String.valueOf(visits))
                    .replace("{{cookies}}", Html.escape(cookieNames.isEmpty() ? "(none)" : cookieNames))
                    .replace("{{host}}", Html.escape(String.valueOf(request.getHeader("Host"))))
                    .replace("{{prefix}}", Html.escape(prefix(request.getHeader("X-Forwarded-Prefix"))))
                    .replace("{{path}}", Html.escape(request.getRequestURI()));
            ClasspathFiles.send("index.html", html, response);
        }

        // With host routing the workspace is the root of its origin: the prefix is empty, or absent.
        private static String prefix(String forwardedPrefix) {
            return forwardedPrefix == null || forwardedPrefix.isEmpty() ? "(none)" : forwardedPrefix;
        }

        private static int parseOrZero(String value) {
            try {
                return Math.max(0, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
