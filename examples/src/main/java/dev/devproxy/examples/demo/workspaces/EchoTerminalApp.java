package dev.devproxy.examples.demo.workspaces;

import dev.devproxy.examples.demo.ClasspathFiles;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * The built-in "terminal" workspace: a tiny pretend shell over WebSocket, in preserve mode. Like Jupyter
 * started with {@code base_url}, it is told its public path and serves everything under it, so devproxy forwards
 * paths with that path kept: {@code /__ide/terminal/} with path routing, {@code /} (the root of the workspace's own
 * origin) with host routing. It runs no real commands: {@code help}, {@code echo}, {@code date} and
 * {@code whereami} answer; anything else is "not found".
 */
final class EchoTerminalApp {
    private static final ClasspathFiles FILES = new ClasspathFiles("/dev/devproxy/examples/demo/workspaces/terminal/");

    private EchoTerminalApp() {
    }

    /**
     * The app's routes under {@code basePath}, the public path it is told (as Jupyter is told its {@code base_url}),
     * e.g. {@code /__ide/terminal} or {@code /}; ready for an {@link UpstreamServer}.
     */
    static ServletContextHandler context(String basePath) {
        ServletContextHandler context = new ServletContextHandler(basePath);
        context.addServlet(new ServletHolder(new Pages()), "/*");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(Shell.class, "/pty").build()));
        return context;
    }

    private static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
            FILES.serve(path.equals("/") ? "index.html" : path.substring(1), response);
        }
    }

    /** One shell per socket. Public with a public constructor, as Jakarta WebSocket instantiates it. */
    public static final class Shell extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            String where = session.getRequestURI().getPath();
            session.addMessageHandler(String.class, line -> reply(session, answer(line.strip(), where)));
            reply(session, "connected: this socket reached the workspace at " + where + "\ntype help");
        }

        private static String answer(String line, String where) {
            String command = line.split("\\s+", 2)[0];
            String argument = line.length() > command.length() ? line.substring(command.length()).strip() : "";
            return switch (command) {
                case "" -> "";
                case "help" -> "commands: help, echo TEXT, date, whereami";
                case "echo" -> argument;
                case "date" -> ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
                case "whereami" -> "a pretend shell behind devproxy; my socket path is " + where;
                default -> command + ": command not found (this is a pretend shell; try help)";
            };
        }

        private static void reply(Session session, String text) {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IOException e) {
                // The browser went away; Jakarta closes the session and nothing is left to tell.
            }
        }
    }
}
