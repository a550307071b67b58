package dev.devproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.DevProxy;
import dev.devproxy.Routing;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedCredential;
import dev.devproxy.spi.TargetResolver;
import dev.devproxy.testkit.redis.RealRedis;
import dev.devproxy.testkit.redis.RedisProcess;
import dev.devproxy.token.JwtTokens;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's "Running several nodes" snippet, compiled and run against a real redis-server with a password. */
@ExtendWith(RealRedis.class)
class ReadmeRedisExampleTest {
    private static final String PASSWORD = "readme-password";

    @Test
    void theReadmeSnippetRevokesAndClosesThroughRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start("--requirepass", PASSWORD)) {
            URI redisUri = redis.uri();
            char[] redisPassword = PASSWORD.toCharArray();
            TargetResolver resolver = (workspace, caller) -> Optional.empty();
            byte[] tokenKey = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] sessionSecret = "fedcba9876543210fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.UTF_8);

            // --- README snippet starts ---
            RedisFleet fleet = RedisFleet.builder(RedisSettings.builder()
                            .uri(redisUri)                                       // rediss://redis.internal:6380 is TLS
                            .password(redisPassword)                             // credentials(user, password) for an ACL user
                            .build())
                    .connect();                                                  // throws if Redis cannot be reached now
            DevProxy proxy = DevProxy.builder()
                    .routing(Routing.hosts("{id}.ide.example-ide.net", "app.example.com"))
                    .resolver(resolver)                                          // as on one node
                    .tokens(JwtTokens.hmac(tokenKey))                            // the same keys on every node
                    .sessionSecret(sessionSecret)                                // the same on every node: any node takes any cookie
                    .replayStore(fleet.replayStore())                            // a token spent on any node is spent on all
                    .revocationStore(fleet.revocationStore())                    // revoke on any node: refused and closed on all
                    .build();
            fleet.attach(proxy);                                                 // fleet-wide closeWorkspace reaches this node
            // ... install the proxy into Jetty or Tomcat as on one node; then, from anywhere in the application:
            proxy.revokeSubject("ada");                                          // every node: 401, sockets 4401
            fleet.closeWorkspace(WorkspaceId.of("ws-42"));                       // every node: sockets 4410, sessions stay
            // when the node stops: proxy.close(), then fleet.close()
            // --- README snippet ends ---

            assertThat(fleet.revocationStore().isRevoked(new IssuedCredential("s-1", "ada", WorkspaceId.of("ws-1"),
                    Instant.now().minusSeconds(60)))).isTrue();
            proxy.close();
            fleet.close();
        }
    }
}
