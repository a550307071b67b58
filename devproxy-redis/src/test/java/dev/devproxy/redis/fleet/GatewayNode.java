package dev.devproxy.redis.fleet;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.redis.RedisFleet;
import dev.devproxy.redis.RedisSettings;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.token.JwtTokens;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * One gateway node of the multi-node test, in a JVM of its own: a host application on Jetty or Tomcat with devproxy
 * built on the fleet's Redis, the same token key and session secret as its peers, and an operator's endpoint
 * ({@code /admin/*} on the application's host) through which the test revokes, closes workspaces and checks health.
 * Prints {@code READY <port>} once it serves.
 *
 * <p>Arguments: {@code container redisPort upstreamUri secretsHex name}, the secrets 64 bytes: the launch tokens' key
 * and the session secret, shared by every node.
 */
public final class GatewayNode {
    /** Resynced often, so the test sees failing closed within a couple of seconds. */
    static final Duration RESYNC = Duration.ofMillis(500);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);

    private GatewayNode() {
    }

    public static void main(String[] args) throws Exception {
        GatewayServers.Container container = GatewayServers.Container.valueOf(args[0]);
        int redisPort = Integer.parseInt(args[1]);
        URI upstream = URI.create(args[2]);
        byte[] secrets = HexFormat.of().parseHex(args[3]); // 64 bytes: the token key, then the session secret
        String name = args[4];

        RedisFleet fleet = RedisFleet.builder(RedisSettings.builder().address("127.0.0.1", redisPort)
                .commandTimeout(COMMAND_TIMEOUT).connectTimeout(Duration.ofMillis(500)).build())
                .resyncInterval(RESYNC).failClosed().connect();
        DevProxy proxy = DevProxy.builder()
                .routing(Routing.hosts("{id}.ws.localhost", "localhost"))
                // Workspace alpha, shared with every "user-..." subject the test launches as.
                .resolver((workspace, caller) -> workspace.value().equals("alpha")
                        && caller.subject().startsWith("user-")
                        ? Optional.of(Target.strip(upstream)) : Optional.empty())
                .tokens(JwtTokens.hmac(java.util.Arrays.copyOfRange(secrets, 0, 32)))
                .sessionSecret(java.util.Arrays.copyOfRange(secrets, 32, 64))
                .cookie(CookieSettings.builder().insecureForDevelopment().build())
                .launchAuthorizer((request, workspace) -> request.getHeader("X-Test-User") != null
                        ? LaunchDecision.allow(request.getHeader("X-Test-User")) : LaunchDecision.unauthenticated())
                .replayStore(fleet.replayStore())
                .revocationStore(fleet.revocationStore())
                .build();
        fleet.attach(proxy);
        ProxyServer.Running server = GatewayServers.start(container, 0, proxy,
                Map.of("/admin/*", new Admin(proxy, fleet, name)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stopping " + name + ": " + e);
            }
            fleet.close();
        }));
        System.out.println("READY " + server.uri().getPort());
        System.out.flush();
        // Until the test stops this JVM; or until its standard input closes, which happens when the test's JVM dies
        // without stopping it: no node outlives the build.
        while (System.in.read() >= 0) {
            continue;
        }
        System.exit(0);
    }

    /** What an operator's back office would call: revoke, close, health. */
    private static final class Admin extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient DevProxy proxy;
        private final transient RedisFleet fleet;
        private final String name;

        Admin(DevProxy proxy, RedisFleet fleet, String name) {
            this.proxy = proxy;
            this.fleet = fleet;
            this.name = name;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getPathInfo()) {
                case "/health" -> answer(response, 200, "ok");
                case "/node" -> answer(response, 200, name + " " + ProcessHandle.current().pid());
                case "/sockets" -> answer(response, 200, Integer.toString(proxy.openSockets()));
                default -> answer(response, 404, "no such admin route");
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                switch (request.getPathInfo()) {
                    case "/revoke-subject" -> answer(response, 200,
                            Integer.toString(proxy.revokeSubject(request.getParameter("subject"))));
                    case "/close-workspace" -> answer(response, 200,
                            Long.toString(fleet.closeWorkspace(WorkspaceId.of(request.getParameter("workspace")))));
                    default -> answer(response, 404, "no such admin route");
                }
            } catch (RuntimeException e) {
                answer(response, 503, e.getMessage());
            }
        }

        private static void answer(HttpServletResponse response, int status, String body) throws IOException {
            response.setStatus(status);
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
