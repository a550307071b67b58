package dev.devproxy.benchmarks;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Not devproxy: makes a container's own WebSocket server answer a handshake the way a proxy must that holds no
 * request thread while it dials its upstream, as devproxy has since issue 25. The request's dispatch only starts
 * asynchronous mode; another thread, standing in for the one that reads the upstream's 101, dispatches the request
 * again ({@code ASYNC}) to {@link #ANSWERED}, where the container's server has the echo ({@link ContainerEcho}), and
 * the container upgrades in that second dispatch. With {@link ProxyHost.Container#JETTY_WS_SERVER_ASYNC} and
 * {@link ProxyHost.Container#TOMCAT_WS_SERVER_ASYNC}: the container-server floor of issue 29's upgrade target under
 * that design, what the browser's side of a socket costs a proxy in the container before it dials or relays anything.
 *
 * <p>The thread that dispatches is woken through a queue, one {@code futex} wake-up per socket; devproxy's relay loop is
 * woken by the upstream's bytes instead. The floor pays that small cost and devproxy does not.
 */
final class DeferredUpgrade implements Filter {
    /** Where the echo is: the path the second dispatch goes to, which no browser asks for. */
    static final String ANSWERED = ProxyHost.PREFIX + "/ws-answered";

    private final ExecutorService answerer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "upstream-answers");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Defers every WebSocket handshake to {@code path} in {@code context}, and maps {@code upgrades}, a new instance
     * of the container's own upgrade filter (both containers map theirs for {@code REQUEST} dispatches only), for the
     * {@code ASYNC} dispatch to {@link #ANSWERED}.
     */
    static void install(ServletContext context, String path, Filter upgrades) {
        FilterRegistration.Dynamic deferring = context.addFilter("deferred-upgrade", new DeferredUpgrade());
        deferring.setAsyncSupported(true);
        deferring.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path);
        FilterRegistration.Dynamic answering = context.addFilter("deferred-upgrade-answer", upgrades);
        answering.setAsyncSupported(true);
        answering.addMappingForUrlPatterns(EnumSet.of(DispatcherType.ASYNC), false, ANSWERED);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(((HttpServletRequest) request).getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        AsyncContext async = request.startAsync();
        answerer.execute(() -> async.dispatch(ANSWERED));
    }

    @Override
    public void destroy() {
        answerer.shutdownNow();
    }
}
