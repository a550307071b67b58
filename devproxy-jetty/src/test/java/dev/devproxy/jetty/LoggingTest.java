package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.FixedResolver;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestTokens;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of a full flow — token endpoint, bootstrap, hostile tokens, HTTP, WebSocket,
 * failures — with devproxy's loggers at DEBUG, and proves no token, cookie or Authorization value is in
 * any of them, that a broken SPI is named in exactly one WARN, and that INFO carries only lifecycle.
 */
class LoggingTest {
    private final ConformanceContext c = new ConformanceContext(JettyServers::start)
            .configure(b -> b.accessTokens(java.time.Duration.ofMinutes(5)));
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger devproxy = (Logger) LoggerFactory.getLogger("dev.devproxy");
    private Level previous;

    @BeforeEach
    void capture() {
        captured.start();
        root.addAppender(captured);
        previous = devproxy.getLevel();
        devproxy.setLevel(Level.TRACE);
    }

    @AfterEach
    void release() throws Exception {
        root.detachAppender(captured);
        devproxy.setLevel(previous);
        c.close();
    }

    @Test
    void aFullFlowLogsNoTokenCookieOrAuthorizationValue() throws Exception {
        String appSecret = "app-bearer-secret-7f3a";
        var issued = c.request("POST", "/api/dev/alpha/ide-token", null, "X-Test-User: bob",
                "Authorization: Bearer " + appSecret);
        String launchToken = issued.text().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        String launchUrl = issued.text().replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");
        String binding = ConformanceContext.pair(issued.header("Set-Cookie"));
        String bindingValue = binding.substring(binding.indexOf('=') + 1);
        var bootstrap = c.get(launchUrl, "Cookie: " + binding);
        String sessionCookie = bootstrap.header("Set-Cookie").split(";")[0];
        String sessionValue = sessionCookie.substring(sessionCookie.indexOf('=') + 1);
        c.get(launchUrl, "Cookie: " + binding);
        c.get(launchUrl);
        String forged = TestTokens.withAlgNone(launchToken);
        c.get("/api/dev/alpha/ide?token=" + forged, "Cookie: " + binding);
        c.get("/__ide/alpha/small?secret=query-secret-9", "Cookie: " + sessionCookie + "; app=app-cookie-secret",
                "Authorization: Basic dXNlcjpwYXNzd29yZC1zZWNyZXQ=");
        String bearer = c.accessToken("alpha");
        c.get("/__ide/alpha/small", "Authorization: Bearer " + bearer);
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", sessionCookie);
        socket.send("frame-secret-payload");
        socket.nextText();
        socket.session().close();
        socket.awaitCloseCode();
        c.get("/__ide/alpha/hang", "Cookie: " + sessionCookie);
        c.resolver().mode(FixedResolver.Mode.THROW);
        c.get("/__ide/alpha/small", "Cookie: " + sessionCookie);
        c.close();

        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("-> 200"));
        for (String secret : List.of(launchToken, sessionValue, bindingValue, forged.substring(0, 40), bearer, appSecret,
                "dXNlcjpwYXNzd29yZC1zZWNyZXQ=", "app-cookie-secret", "query-secret-9", "frame-secret-payload")) {
            assertThat(lines).as("log lines containing a secret").noneMatch(line -> line.contains(secret));
        }
        List<ILoggingEvent> warnings = captured.list.stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getLoggerName().startsWith("dev.devproxy"))
                .collect(Collectors.toList());
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains(FixedResolver.class.getName()).contains("503");
        List<String> info = captured.list.stream()
                .filter(e -> e.getLevel() == Level.INFO && e.getLoggerName().startsWith("dev.devproxy"))
                .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        assertThat(info).as("INFO is for lifecycle only").allMatch(line -> line.contains("serving") || line.contains("closed"));
    }
}
