package dev.devproxy.boot;

import dev.devproxy.DevProxy;
import dev.devproxy.jetty.ee11.JettyEe11DevProxy;
import dev.devproxy.tomcat.TomcatDevProxy;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the {@link DevProxy} into the embedded server as it is created, through devproxy's adapter for that server.
 * Each half is active only where its server's classes are present, and runs only for its own factory type. Boot 4
 * has no other embedded servlet server.
 */
final class EmbeddedServerInstallation {
    private static final String TOMCAT_FACTORY = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory";
    private static final String JETTY_FACTORY = "org.springframework.boot.jetty.servlet.JettyServletWebServerFactory";

    private EmbeddedServerInstallation() {
    }

    /** Embedded Tomcat: {@code TomcatDevProxy.install} on the context before it starts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {TOMCAT_FACTORY, "org.apache.catalina.startup.Tomcat",
            "dev.devproxy.tomcat.TomcatDevProxy"})
    static class Tomcat {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> devProxyTomcatInstallation(
                ObjectProvider<DevProxy> proxy) {
            return factory -> factory.addContextCustomizers(context -> TomcatDevProxy.install(context,
                    proxy.getObject()));
        }
    }

    /** Embedded Jetty (ee11): {@code JettyEe11DevProxy.install} on the web application context before it starts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {JETTY_FACTORY, "org.eclipse.jetty.ee11.servlet.ServletContextHandler",
            "dev.devproxy.jetty.ee11.JettyEe11DevProxy"})
    static class Jetty {
        @Bean
        WebServerFactoryCustomizer<JettyServletWebServerFactory> devProxyJettyInstallation(
                ObjectProvider<DevProxy> proxy) {
            return factory -> factory.addServerCustomizers(server -> {
                ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
                if (context == null) {
                    throw new IllegalStateException("devproxy found no ee11 ServletContextHandler in Boot's Jetty"
                            + " server to install into");
                }
                JettyEe11DevProxy.install(context, proxy.getObject());
            });
        }
    }
}
