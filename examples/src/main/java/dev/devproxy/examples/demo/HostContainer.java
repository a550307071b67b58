package dev.devproxy.examples.demo;

import dev.devproxy.DevProxy;
import jakarta.servlet.http.HttpServlet;
import java.util.Map;

/**
 * Runs the host application's servlets and devproxy in one servlet container on {@code 127.0.0.1}.
 * One small implementation per container: everything else in the demo is plain Jakarta Servlet, so
 * the same portal runs on each.
 */
@FunctionalInterface
public interface HostContainer {
    /**
     * Starts the container.
     *
     * @param servlets the host application's servlets by servlet mapping ({@code "/"}, {@code "/api/*"}),
     *     registered in iteration order
     * @param proxy installed with the container's devproxy adapter
     * @param port the port on 127.0.0.1; 0 picks a free one
     * @return the running server
     * @throws Exception if the container cannot start, e.g. the port is taken
     */
    RunningServer start(Map<String, HttpServlet> servlets, DevProxy proxy, int port) throws Exception;

    /** A started container. */
    interface RunningServer extends AutoCloseable {
        /** The port it listens on. */
        int port();

        /** Stops the container; idempotent. */
        @Override
        void close() throws Exception;
    }
}
