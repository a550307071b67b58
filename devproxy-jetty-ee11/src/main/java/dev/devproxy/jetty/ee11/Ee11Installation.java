package dev.devproxy.jetty.ee11;

import dev.devproxy.jetty.core.JettyAdapter;
import dev.devproxy.jetty.core.JettyInstallation;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.FilterMapping;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.ee11.servlet.ServletHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.LifeCycle;

/** {@link JettyInstallation} on ee11's servlet types. */
class Ee11Installation extends JettyInstallation {
    private final ServletContextHandler context;

    Ee11Installation(ServletContextHandler context) {
        this.context = context;
    }

    @Override
    protected boolean contextStopped() {
        return context.isStopped();
    }

    @Override
    protected void configureWebSockets() {
        JakartaWebSocketServletContainerInitializer.configure(context, null);
    }

    @Override
    protected void setAttribute(String name, Object value) {
        context.setAttribute(name, value);
    }

    @Override
    protected void addFilterFirst(String name, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        holder.setAsyncSupported(true);
        ServletHandler handler = context.getServletHandler();
        handler.prependFilter(holder);
        FilterMapping everything = new FilterMapping();
        everything.setFilterName(name);
        everything.setPathSpec("/*");
        everything.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        handler.prependFilterMapping(everything);
        context.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarted(LifeCycle started) {
                List<FilterMapping> mappings = new ArrayList<>(List.of(handler.getFilterMappings()));
                if (mappings.get(0) != everything) {
                    mappings.remove(everything);
                    mappings.add(0, everything);
                    handler.setFilterMappings(mappings.toArray(new FilterMapping[0]));
                }
            }
        });
    }

    @Override
    protected void addFilter(String name, Filter filter, String pathSpec) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        holder.setAsyncSupported(true);
        context.addFilter(holder, pathSpec, EnumSet.of(DispatcherType.REQUEST));
    }

    @Override
    protected void addServlet(String name, Servlet servlet, String pathSpec) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setName(name);
        holder.setAsyncSupported(true);
        holder.setInitOrder(0);
        context.addServlet(holder, pathSpec);
    }

    @Override
    protected void addEventListener(EventListener listener) {
        context.addEventListener(listener);
    }

    @Override
    protected JettyAdapter adapter(boolean takesSocketsOver) {
        return new JettyAdapter(takesSocketsOver) {
            @Override
            protected Request coreRequest(HttpServletRequest request) {
                return ServletContextRequest.getServletContextRequest(request);
            }

            @Override
            protected Response coreResponse(HttpServletRequest request) {
                return ServletContextRequest.getServletContextRequest(request).getServletContextResponse();
            }
        };
    }
}
