package dev.devproxy.tomcat;

import dev.devproxy.DevProxy;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.conformance.ApplicationIsolation;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final ConformanceContext c = new ConformanceContext(ApplicationOnWorkspaceHostsTest::start)
            .configure(b -> b.routing(ConformanceContext.HOSTS));

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    @Test
    void theApplicationsFiltersRoutesAndSocketsNeverRunOnAWorkspaceHost() throws Exception {
        ApplicationIsolation.assertTheApplicationNeverRunsOnWorkspaceHosts(c);
    }

    private static ProxyServer.Running start(DevProxy proxy) throws Exception {
        Path baseDir = Files.createTempDirectory("devproxy-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        FilterDef marking = new FilterDef();
        marking.setFilterName("marking");
        marking.setFilter((Filter) (request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("X-Application-Filter", "ran");
            chain.doFilter(request, response);
        });
        context.addFilterDef(marking);
        FilterMap everything = new FilterMap();
        everything.setFilterName("marking");
        everything.addURLPattern("/*");
        context.addFilterMap(everything);
        Tomcat.addServlet(context, "host-app", TomcatServers.text("host app"));
        context.addServletMapping("/app/hello", "host-app");
        context.addApplicationListener(SocketRegistration.class.getName());
        TomcatDevProxy.install(context, proxy);
        tomcat.start();
        return new TomcatServers.Started(tomcat, connector, baseDir);
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
