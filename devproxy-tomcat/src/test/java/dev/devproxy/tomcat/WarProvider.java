package dev.devproxy.tomcat;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.RecordingListener;
import dev.devproxy.testkit.TestTokens;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.time.Duration;

/**
 * The provider a web application would ship, for {@link WarDeploymentTest}: copied into the test WAR's
 * {@code WEB-INF/classes}, where the container finds it. Configured through a context init parameter,
 * as a real one might be.
 */
public final class WarProvider implements DevProxyProvider {
    /** Context init parameter: the URI of workspace {@code ws}'s upstream. */
    static final String UPSTREAM = "devproxy.test.upstream";
    /** Context attribute: the {@link RecordingListener} the proxy reports to. */
    static final String EVENTS = "devproxy.test.events";

    /** Called by the container. */
    public WarProvider() {
    }

    @Override
    public DevProxy create(ServletContext servletContext) {
        RecordingListener events = new RecordingListener();
        servletContext.setAttribute(EVENTS, events);
        return DevProxy.builder()
                .routing(Routing.sharedOrigin())
                .launchBinding(LaunchBinding.NONE) // the test bootstraps with a token it signed itself
                .resolver(new FixedResolver().put("ws", Target.strip(URI.create(servletContext.getInitParameter(UPSTREAM)))))
                .tokens(TestTokens.tokens())
                .cookie(CookieSettings.builder().insecureForDevelopment().build())
                .webSocket(WebSocketSettings.builder().shutdownDrain(Duration.ofMillis(100)).build())
                .listener(events)
                .build();
    }
}
