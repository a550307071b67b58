package dev.devproxy.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.micrometer.DevProxyMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the starter does with the application's configuration: a value devproxy refuses fails start-up with Boot's
 * failure analysis naming the property (never quoting a secret), and the switches turn things off.
 */
class StarterConfigurationTest {
    private static final String SECRET = "a-fine-secret-of-more-than-32-bytes-0123456789";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "devproxy.token-ttl|2h|tokenTtl must be between 1 second and 1 hour, got PT2H",
            "devproxy.routing.workspace-host|ide.example.com|{id}",
            "devproxy.routing.application-host|x.ws.localhost|must not match the workspace host pattern",
            "devproxy.bootstrap-prefix|api/dev/|bootstrapPrefix",
            "devproxy.cookie.name|bad name|cookie name must be an RFC 6265 token",
            "devproxy.limits.web-sockets-per-subject|0|limits.webSocketsPerSubject must be at least 1, got 0",
            "devproxy.trusted-proxies|10.0.0.0/99|",
            "devproxy.keys.hmac-secret|short-secret-42|at least 32"})
    void aValueDevproxyRefusesFailsStartUpNamingTheProperty(String property, String value, String reason) {
        Map<String, Object> properties = valid();
        properties.put(property, value);

        String report = BootApp.failedStart(BootApp.Container.TOMCAT, MinimalApplication.class, properties);

        assertThat(report).contains("APPLICATION FAILED TO START", "the property '" + property + "' is invalid",
                "Update " + property);
        if (reason != null) {
            assertThat(report).contains(reason);
        }
        if (property.startsWith("devproxy.keys.")) {
            assertThat(report).doesNotContain(value);
        }
    }

    @Test
    void routingMustBeChosen() {
        Map<String, Object> properties = valid();
        properties.remove("devproxy.routing.mode");
        assertThat(BootApp.failedStart(BootApp.Container.TOMCAT, MinimalApplication.class, properties))
                .contains("the property 'devproxy.routing.mode' is invalid", "Choose hosts");
    }

    @Test
    void withoutAResolverBeanTheReportSaysWhichBean() {
        assertThat(BootApp.failedStart(BootApp.Container.JETTY, MinimalApplication.WithoutResolver.class, valid()))
                .contains("APPLICATION FAILED TO START", "no bean of type dev.devproxy.spi.TargetResolver",
                        "Define a bean of type dev.devproxy.spi.TargetResolver");
    }

    @Test
    void aPrivateKeyFileThatIsNoKeyIsNamed() throws IOException {
        Path publicKey = Files.writeString(dir.resolve("public.pem"), PemKeysTest.pem("PUBLIC KEY",
                PemKeysTest.rsa().getPublic().getEncoded()));
        Path privateKey = Files.writeString(dir.resolve("private.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");
        Map<String, Object> properties = valid();
        properties.remove("devproxy.keys.hmac-secret");
        properties.put("devproxy.keys.public-key", "file:" + publicKey);
        properties.put("devproxy.keys.private-key", "file:" + privateKey);
        assertThat(BootApp.failedStart(BootApp.Container.TOMCAT, MinimalApplication.class, properties))
                .contains("the property 'devproxy.keys.private-key' is invalid", "holds no RSA private key");
    }

    @Test
    void devproxyEnabledFalseInstallsNothing() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("devproxy.enabled", "false");
        try (BootApp app = BootApp.start(BootApp.Container.TOMCAT, MinimalApplication.class, properties)) {
            assertThat(app.context().getBeansOfType(DevProxy.class)).isEmpty();
            assertThat(app.context().getBeansOfType(DevProxyMetrics.class)).isEmpty();
        }
    }

    @Test
    void metricsFollowTheRegistryAndTheirSwitch() throws Exception {
        try (BootApp app = BootApp.start(BootApp.Container.TOMCAT, MinimalApplication.class, valid())) {
            assertThat(app.context().getBeansOfType(DevProxy.class)).hasSize(1);
            assertThat(app.context().getBeansOfType(DevProxyMetrics.class)).hasSize(1);
        }
        Map<String, Object> off = valid();
        off.put("devproxy.metrics.enabled", "false");
        try (BootApp app = BootApp.start(BootApp.Container.TOMCAT, MinimalApplication.class, off)) {
            assertThat(app.context().getBeansOfType(DevProxy.class)).hasSize(1);
            assertThat(app.context().getBeansOfType(DevProxyMetrics.class)).isEmpty();
        }
    }

    private static Map<String, Object> valid() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("devproxy.routing.mode", "hosts");
        properties.put("devproxy.routing.workspace-host", "{id}.ws.localhost");
        properties.put("devproxy.routing.application-host", "localhost");
        properties.put("devproxy.keys.hmac-secret", SECRET);
        return properties;
    }
}
