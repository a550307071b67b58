package dev.devproxy.boot;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a real Spring Boot application on 127.0.0.1, port 0, on embedded Tomcat (Boot's default) or Jetty, and
 * keeps what it printed (Boot's console logging, the failure analysis of a failed start).
 */
final class BootApp implements AutoCloseable {
    /** The embedded servers the starter supports. */
    enum Container {
        TOMCAT, JETTY
    }

    private final ConfigurableApplicationContext context;
    private final ByteArrayOutputStream printed;
    private final PrintStream console;

    private BootApp(ConfigurableApplicationContext context, ByteArrayOutputStream printed, PrintStream console) {
        this.context = context;
        this.printed = printed;
        this.console = console;
    }

    /**
     * Starts {@code source}. Until {@link #close()}, everything printed to {@code System.out} is kept too (Logback's
     * console appender writes to whatever {@code System.out} is at the time).
     */
    static BootApp start(Container container, Class<?> source, Map<String, Object> properties) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, printed), true, StandardCharsets.UTF_8));
        try {
            SpringApplication application = new SpringApplication(source);
            application.setDefaultProperties(defaults(container, properties));
            return new BootApp(application.run(), printed, original);
        } catch (RuntimeException e) {
            System.setOut(original);
            throw e;
        }
    }

    /** Starts an application that must fail, and returns what it printed (Boot's failure analysis among it). */
    static String failedStart(Container container, Class<?> source, Map<String, Object> properties) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, printed), true, StandardCharsets.UTF_8));
        try {
            SpringApplication application = new SpringApplication(source);
            application.setDefaultProperties(defaults(container, properties));
            try (ConfigurableApplicationContext unexpected = application.run()) {
                throw new AssertionError("the application started");
            } catch (RuntimeException expected) {
                return printed.toString(StandardCharsets.UTF_8);
            }
        } finally {
            System.setOut(original);
        }
    }

    private static Map<String, Object> defaults(Container container, Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off"));
        List<String> excluded = new ArrayList<>();
        // Both servers are on the test class path, and Boot picks one by auto-configuration order (Jetty, as it
        // happens): the other one is switched off.
        excluded.add(container == Container.JETTY
                ? "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration"
                : "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration");
        if (!excluded.isEmpty()) {
            all.put("spring.autoconfigure.exclude", String.join(",", excluded));
        }
        all.putAll(properties);
        return all;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            System.setOut(console);
        }
    }

    /** Copies what the application prints to the console and to a buffer. */
    private static final class Tee extends java.io.OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            console.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            console.write(bytes, offset, length);
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
        }
    }
}
