package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.conformance.ApplicationIsolation;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApplicationIsolation} on Tomcat: the application's filter declared like a {@code web.xml} one, its
 * WebSocket endpoint added to Tomcat's {@code ServerContainer} (answered by Tomcat's {@code WsFilter}).
 */
class ApplicationOnWorkspaceHostsTest {
    /** The Host of every request the application's filter saw, in the running test. */
    private static final AtomicReference<List<String>> HOSTS_SEEN = new AtomicReference<>(List.of());

    private ConformanceContext c;

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    @Test
    void theApplicationsFiltersRoutesAndSocketsNeverRunOnAWorkspaceHost() throws Exception {
        c = new ConformanceContext(proxy -> start(proxy, false)).configure(b -> b.routing(ConformanceContext.HOSTS));
        ApplicationIsolation.assertTheApplicationNeverRunsOnWorkspaceHosts(c);
    }

    /**
     * A framework's initializer that Tomcat runs before devproxy's registers the application's filter through the
     * Servlet API, as Spring Boot's does (it is added to the context before any customizer can install devproxy).
     */
    @Test
    void filtersThatAnEarlierInitializerRegisteredNeverRunOnAWorkspaceHostEither() throws Exception {
        c = new ConformanceContext(proxy -> start(proxy, true)).configure(b -> b.routing(ConformanceContext.HOSTS));
        ApplicationIsolation.assertTheApplicationNeverRunsOnWorkspaceHosts(c);
        // The header alone would not tell: a proxied response replaces what the filter set before it.
        String workspaceHosts = ".ws.localhost:" + c.port();
        assertThat(HOSTS_SEEN.get()).isNotEmpty().noneMatch(host -> host.endsWith(workspaceHosts));
    }

    @SuppressWarnings("deprecation") // addServletMappingDecoded: see TomcatDevProxy.ensureDefaultServlet
    private static ProxyServer.Running start(DevProxy proxy, boolean filterFromInitializer) throws Exception {
        Path baseDir = Files.createTempDirectory("devproxy-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        List<String> hostsSeen = new CopyOnWriteArrayList<>();
        HOSTS_SEEN.set(hostsSeen);
        Filter markingFilter = (request, response, chain) -> {
            hostsSeen.add(((HttpServletRequest) request).getHeader("Host"));
            ((HttpServletResponse) response).setHeader("X-Application-Filter", "ran");
            chain.doFilter(request, response);
        };
        if (filterFromInitializer) {
            context.addServletContainerInitializer((classes, servletContext) -> servletContext
                    .addFilter("marking", markingFilter).addMappingForUrlPatterns(null, false, "/*"), null);
        } else {
            addMarkingFilter(context, markingFilter);
        }
        Tomcat.addServlet(context, "host-app", TomcatServers.text("host app"));
        context.addServletMappingDecoded("/app/hello", "host-app");
        context.addApplicationListener(SocketRegistration.class.getName());
        TomcatDevProxy.install(context, proxy);
        tomcat.start();
        return new TomcatServers.Started(tomcat, connector, baseDir);
    }

    /** The filter declared as a {@code web.xml} one would be. */
    private static void addMarkingFilter(Context context, Filter markingFilter) {
        FilterDef marking = new FilterDef();
        marking.setFilterName("marking");
        marking.setFilter(markingFilter);
        context.addFilterDef(marking);
        FilterMap everything = new FilterMap();
        everything.setFilterName("marking");
        everything.addURLPattern("/*");
        context.addFilterMap(everything);
    }

    /** Registers the application's own WebSocket endpoint once the context's WebSocket container exists. */
    public static final class SocketRegistration implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(ApplicationSocket.class, "/app/socket").build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The application's own WebSocket endpoint. */
    public static final class ApplicationSocket extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }
}
