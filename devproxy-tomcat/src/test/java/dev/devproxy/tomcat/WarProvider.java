package dev.devproxy.tomcat;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.DevProxyListener;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.token.JwtTokens;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider a web application would ship, for {@link WarDeploymentTest}: copied into the test WAR's
 * {@code WEB-INF/classes}, where the container finds it, and loaded, like devproxy in {@code WEB-INF/lib}, by the web
 * application's class loader. So it uses devproxy and the JDK only, and tells the test what it saw through context
 * attributes of JDK types (the test's own copies of devproxy's classes are other classes). Configured through context
 * init parameters, as a real one might be.
 */
public final class WarProvider implements DevProxyProvider {
    /** Context init parameter: the URI of workspace {@code ws}'s upstream. */
    static final String UPSTREAM = "devproxy.test.upstream";
    /** Context init parameter: the HMAC key of launch tokens (UTF-8). */
    static final String SECRET = "devproxy.test.secret";
    /** Context attribute: an {@link AtomicInteger} counting the {@link SocketClosed} events the proxy reported. */
    static final String SOCKETS_CLOSED = "devproxy.test.socketsClosed";
    /** Context attribute: the name of the class loader's class that loaded this provider. */
    static final String PROVIDER_LOADER = "devproxy.test.providerLoader";
    /** Context attribute: where the class {@link DevProxy} and the class {@link DevProxyProvider} came from. */
    static final String DEVPROXY_SOURCES = "devproxy.test.devproxySources";

    /** Called by the container. */
    public WarProvider() {
    }

    @Override
    public DevProxy create(ServletContext servletContext) {
        AtomicInteger socketsClosed = new AtomicInteger();
        servletContext.setAttribute(SOCKETS_CLOSED, socketsClosed);
        servletContext.setAttribute(PROVIDER_LOADER, getClass().getClassLoader().getClass().getName());
        servletContext.setAttribute(DEVPROXY_SOURCES,
                DevProxy.class.getProtectionDomain().getCodeSource().getLocation().toString() + " "
                        + DevProxyProvider.class.getProtectionDomain().getCodeSource().getLocation());
        URI upstream = URI.create(servletContext.getInitParameter(UPSTREAM));
        return DevProxy.builder()
                .routing(Routing.sharedOrigin())
                .launchBinding(LaunchBinding.NONE) // the test bootstraps with a token it signed itself
                .resolver((workspace, caller) -> workspace.value().equals("ws")
                        ? Optional.of(Target.strip(upstream)) : Optional.empty())
                .tokens(JwtTokens.hmac(servletContext.getInitParameter(SECRET).getBytes(StandardCharsets.UTF_8)))
                .cookie(CookieSettings.builder().insecureForDevelopment().build())
                .webSocket(WebSocketSettings.builder().shutdownDrain(Duration.ofMillis(100)).build())
                .listener(new DevProxyListener() {
                    @Override
                    public void socketClosed(SocketClosed event) {
                        socketsClosed.incrementAndGet();
                    }
                })
                .build();
    }
}
