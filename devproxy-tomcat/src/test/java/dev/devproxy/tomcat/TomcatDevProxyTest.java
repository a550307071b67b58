package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.TestTokens;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Tomcat adapter itself decides: the default servlet, start-up order, several proxies in one context. */
class TomcatDevProxyTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private Tomcat tomcat;
    private Path baseDir;

    @AfterEach
    void stopTomcat() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (baseDir != null) {
            TomcatServers.delete(baseDir);
        }
    }

    @Test
    void installingIntoAStartedContextIsRefused() throws Exception {
        Context context = start(c -> { });
        assertThatThrownBy(() -> TomcatDevProxy.install(context, proxy("/__ide", "/api/dev", new FixedResolver())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before the Tomcat context starts");
    }

    @Test
    @SuppressWarnings("deprecation") // addServletMappingDecoded: see TomcatDevProxy.ensureDefaultServlet
    void theApplicationsOwnDefaultServletKeepsTheUnmappedPaths() throws Exception {
        start(c -> {
            Tomcat.addServlet(c, "app-default", TomcatServers.text("app default"));
            c.addServletMappingDecoded("/", "app-default");
            TomcatDevProxy.install(c, proxy("/__ide", "/api/dev", new FixedResolver()));
        });
        assertThat(get("/anything").body()).isEqualTo("app default");
        assertThat(get("/api/dev/ws/ide").statusCode()).isEqualTo(401);
    }

    @Test
    void aDefaultServletTheApplicationRegistersAtStartUpReplacesTheFallback() throws Exception {
        start(c -> {
            TomcatDevProxy.install(c, proxy("/__ide", "/api/dev", new FixedResolver()));
            // Runs after devproxy's initializer, as a framework's own start-up code would (Spring's DispatcherServlet).
            c.addApplicationListener(LateDefaultServlet.class.getName());
        });
        assertThat(get("/anything").body()).isEqualTo("late default");
        assertThat(get("/api/dev/ws/ide").statusCode()).isEqualTo(401);
    }

    @Test
    void twoProxiesWithTheirOwnPrefixesServeSideBySide() throws Exception {
        try (FakeUpstream one = FakeUpstream.start("one"); FakeUpstream two = FakeUpstream.start("two")) {
            DevProxy first = proxy("/__ide", "/api/dev", new FixedResolver().put("ws", Target.strip(one.uri())));
            DevProxy second = proxy("/__ide2", "/api/dev2", new FixedResolver().put("ws", Target.strip(two.uri())));
            start(c -> {
                TomcatDevProxy.install(c, first);
                TomcatDevProxy.install(c, second);
            });
            String cookieOne = bootstrap(first, "/api/dev");
            String cookieTwo = bootstrap(second, "/api/dev2");
            assertThat(get("/__ide/ws/small", "Cookie", cookieOne).body()).isEqualTo("hello from one");
            assertThat(get("/__ide2/ws/small", "Cookie", cookieTwo).body()).isEqualTo("hello from two");
            assertThat(get("/__ide2/ws/small", "Cookie", cookieOne.replace("__ide", "__ide2")).statusCode())
                    .isEqualTo(401);
        }
    }

    /** Registers a default servlet from a declared listener, the latest point at which an application can. */
    public static final class LateDefaultServlet implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            assertThat(event.getServletContext().addServlet("late-default", TomcatServers.text("late default"))
                    .addMapping("/")).isEmpty();
        }
    }

    private Context start(Consumer<Context> configure) throws Exception {
        baseDir = Files.createTempDirectory("devproxy-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        configure.accept(context);
        tomcat.start();
        return context;
    }

    private static DevProxy proxy(String tunnel, String bootstrap, FixedResolver resolver) {
        return DevProxy.builder().routing(Routing.sharedOrigin(tunnel)).launchBinding(LaunchBinding.NONE).bootstrapPrefix(bootstrap).resolver(resolver)
                .tokens(TestTokens.tokens()).cookie(CookieSettings.builder().insecureForDevelopment().build()).build();
    }

    private String bootstrap(DevProxy proxy, String prefix) throws Exception {
        String url = proxy.issueLaunch("bob", WorkspaceId.of("ws")).url();
        assertThat(url).startsWith(prefix + "/ws/ide?token=");
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).isEqualTo(303);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private HttpResponse<String> get(String path, String... header) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (header.length == 2) {
            request.header(header[0], header[1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
