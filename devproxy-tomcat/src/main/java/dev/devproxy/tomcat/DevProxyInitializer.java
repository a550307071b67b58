package dev.devproxy.tomcat;

import dev.devproxy.DevProxy;
import dev.devproxy.tomcat.internal.TomcatAdapter;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs devproxy into a WAR: the container discovers this initializer in the devproxy-tomcat jar
 * ({@code META-INF/services}), hands it the application's {@link DevProxyProvider} classes, and it registers
 * each provider's proxy exactly as {@link TomcatDevProxy#install} does, closing it when the application
 * stops. Without a provider in the application it does nothing.
 *
 * <p>It uses only the Servlet API. The WebSocket container and the default servlet come from the
 * container's own configuration, as they do for any WAR on a standalone Tomcat ({@code WsSci} from
 * {@code lib/tomcat-websocket.jar}, the default servlet from {@code conf/web.xml}).
 *
 * <p>Public only because containers instantiate it; not meant to be called.
 */
@HandlesTypes(DevProxyProvider.class)
public final class DevProxyInitializer implements ServletContainerInitializer {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy");

    /** Called by the container. */
    public DevProxyInitializer() {
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext servletContext) throws ServletException {
        if (classes == null || classes.isEmpty()) {
            return;
        }
        // Sorted, so that several providers install in the same order on every start.
        List<Class<?>> providers = classes.stream()
                .filter(type -> DevProxyProvider.class.isAssignableFrom(type) && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers()))
                .sorted(Comparator.comparing(Class::getName))
                .toList();
        for (Class<?> type : providers) {
            DevProxyProvider provider = instantiate(type);
            DevProxy proxy = create(provider, servletContext);
            if (servletContext.getAttribute(Registration.SERVER_CONTAINER) == null) {
                LOG.warn("{}: this container has no Jakarta WebSocket ServerContainer, so WebSockets through"
                        + " the tunnel will be answered 500; enable the container's WebSocket support", type.getName());
            }
            Registration.register(servletContext, proxy,
                    TomcatAdapter.probe(provider.webSocketIo() == TomcatDevProxy.WebSocketIo.RELAY_LOOP));
        }
    }

    private static DevProxyProvider instantiate(Class<?> type) throws ServletException {
        try {
            return (DevProxyProvider) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ServletException("DevProxyProvider " + type.getName()
                    + " must be a public class with a public no-argument constructor", e);
        } catch (ReflectiveOperationException e) {
            throw new ServletException("DevProxyProvider " + type.getName() + " could not be created", e);
        }
    }

    private static DevProxy create(DevProxyProvider provider, ServletContext servletContext) throws ServletException {
        String type = provider.getClass().getName();
        DevProxy proxy;
        try {
            proxy = provider.create(servletContext);
        } catch (Exception e) {
            throw new ServletException("DevProxyProvider " + type + " failed to create a DevProxy", e);
        }
        if (proxy == null) {
            throw new ServletException("DevProxyProvider " + type + " returned null; it must return a"
                    + " DevProxy (or throw to fail the deployment)");
        }
        return proxy;
    }
}
