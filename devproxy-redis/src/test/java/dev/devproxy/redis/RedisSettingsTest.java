package dev.devproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.testkit.CapturedLogs;
import dev.devproxy.testkit.redis.RealRedis;
import dev.devproxy.testkit.redis.RedisProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Connection settings: validated with precise messages, and no password in any string, log line or exception. */
@ExtendWith(RealRedis.class)
class RedisSettingsTest {
    private static final String PASSWORD = "s3cret-Redis-pa55word";

    @Test
    void aUriSetsAddressTlsAndDatabase() {
        RedisSettings settings = RedisSettings.builder().uri(URI.create("rediss://redis.internal:6380/3")).build();

        assertThat(settings.host()).isEqualTo("redis.internal");
        assertThat(settings.port()).isEqualTo(6380);
        assertThat(settings.tls()).isTrue();
        assertThat(settings.database()).isEqualTo(3);
        assertThat(RedisSettings.builder().uri(URI.create("redis://r")).build().port()).isEqualTo(6379);
    }

    @Test
    void aUriWithCredentialsIsRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> RedisSettings.builder().uri(URI.create("redis://:" + PASSWORD + "@r:6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void badValuesAreRefusedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> RedisSettings.builder().uri(URI.create("http://r:6379")))
                .hasMessageContaining("scheme 'http'");
        assertThatThrownBy(() -> RedisSettings.builder().address("r", 70000)).hasMessage("port must be 1-65535, got 70000");
        assertThatThrownBy(() -> RedisSettings.builder().commandTimeout(Duration.ZERO))
                .hasMessage("commandTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> RedisSettings.builder().keyPrefix("a b*"))
                .hasMessageContaining("keyPrefix must be").hasMessageContaining("'a b*'");
        assertThatThrownBy(() -> RedisSettings.builder().uri(URI.create("redis://r/x")))
                .hasMessage("uri path must be a database index, got '/x'");
        assertThatThrownBy(() -> RedisSettings.builder().build()).hasMessageContaining("needs uri(...)");
        assertThatThrownBy(() -> RedisFleet.builder(RedisSettings.builder().address("r", 1).build())
                .resyncInterval(Duration.ofMillis(10))).hasMessage("resyncInterval must be at least 100 ms, got PT0.01S");
    }

    @Test
    void toStringSaysAPasswordIsSetNeverWhich() {
        char[] password = PASSWORD.toCharArray();
        RedisSettings settings = RedisSettings.builder().address("r", 6379).credentials("devproxy", password).build();
        password[0] = 'X'; // the caller clears its copy; the settings keep their own

        assertThat(settings.toString()).contains("user devproxy", "password set").doesNotContain(PASSWORD);
        assertThat(new String(settings.password())).isEqualTo(PASSWORD);
    }

    @Test
    void withAPasswordItConnectsAndAWrongOneFailsWithoutShowingEither() throws Exception {
        try (RedisProcess redis = RedisProcess.start("--requirepass", PASSWORD); CapturedLogs logs = new CapturedLogs()) {
            String wrong = "wrong-" + PASSWORD;
            assertThatThrownBy(() -> RedisFleet.builder(RedisSettings.builder().uri(redis.uri())
                    .password(wrong.toCharArray()).build()).connect())
                    .isInstanceOf(RedisUnavailableException.class)
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(PASSWORD));
            assertThatThrownBy(() -> RedisFleet.builder(RedisSettings.builder().uri(redis.uri()).build()).connect())
                    .as("no password at all").isInstanceOf(RedisUnavailableException.class);

            try (RedisFleet fleet = RedisFleet.builder(RedisSettings.builder().uri(redis.uri())
                    .password(PASSWORD.toCharArray()).build()).connect()) {
                assertThat(fleet.replayStore().firstUse("t", Instant.now().plusSeconds(60))).isTrue();
                assertThat(fleet.toString()).contains("password set").doesNotContain(PASSWORD);
                redis.stop();
                assertThatThrownBy(() -> fleet.replayStore().firstUse("u", Instant.now().plusSeconds(60)))
                        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(PASSWORD));
                redis.startAgain();
            }
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
        }
    }

    @Test
    void overTlsItVerifiesRedisAgainstTheGivenCertificates(@TempDir Path dir) throws Exception {
        if (RealRedisTools.openssl() == null && Boolean.parseBoolean(System.getenv(RealRedis.REQUIRED))) {
            throw new AssertionError("openssl (which makes the test's certificate) is missing, and "
                    + RealRedis.REQUIRED + "=true says this test must run");
        }
        Assumptions.assumeTrue(RealRedisTools.openssl() != null, "openssl makes the test's certificate");
        Path cert = dir.resolve("redis.pem");
        Path key = dir.resolve("redis.key");
        Process openssl = new ProcessBuilder(RealRedisTools.openssl().toString(), "req", "-x509", "-newkey", "rsa:2048",
                "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(new String(openssl.getInputStream().readAllBytes())).isZero();
        int tlsPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start("--tls-port", Integer.toString(tlsPort), "--tls-cert-file",
                cert.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file", cert.toString(),
                "--tls-auth-clients", "no")) {
            URI tls = URI.create("rediss://127.0.0.1:" + tlsPort);
            try (RedisFleet fleet = RedisFleet.builder(RedisSettings.builder().uri(tls).trustedCertificates(cert)
                    .build()).connect()) {
                assertThat(fleet.replayStore().firstUse("over-tls", Instant.now().plusSeconds(60))).isTrue();
            }
            assertThatThrownBy(() -> RedisFleet.builder(RedisSettings.builder().uri(tls).build()).connect())
                    .as("a certificate the JVM does not trust").isInstanceOf(RedisUnavailableException.class);
            assertThatThrownBy(() -> RedisFleet.builder(RedisSettings.builder().address("127.0.0.1", tlsPort)
                    .build()).connect()).as("plain text to the TLS port").isInstanceOf(RedisUnavailableException.class);
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace + " " + e;
    }

    /** Where the system's tools are. */
    static final class RealRedisTools {
        private RealRedisTools() {
        }

        static Path openssl() {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "openssl");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }
}
