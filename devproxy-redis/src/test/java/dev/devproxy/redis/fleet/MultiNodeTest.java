package dev.devproxy.redis.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.CookieSettings;
import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.SocketProbe;
import dev.devproxy.testkit.TestResponse;
import dev.devproxy.testkit.redis.RealRedis;
import dev.devproxy.testkit.redis.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three gateway nodes, each its own JVM (node 1 and node 2 on Jetty, node 3 on Tomcat), sharing one real
 * redis-server, behind a real HAProxy (round robin, no stickiness), all on loopback; the browser is this test. The
 * tests run in order: the last two stop Redis for a while and kill a node. Figures go to standard output and to
 * {@code target/multi-node/figures.txt}; the nodes' logs to {@code target/multi-node/}.
 */
@ExtendWith(RealRedis.class)
@RealRedis.NeedsHaproxy
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeTest {
    private static final Path WORK = Path.of("target", "multi-node");
    private static final Duration FAIL_CLOSED_BOUND = GatewayNode.RESYNC.multipliedBy(2)
            .plus(GatewayNode.COMMAND_TIMEOUT);
    /** Every answer, refusals during an outage included, comes within this: nothing hangs. */
    private static final Duration PROMPT = Duration.ofSeconds(1);

    private static RedisProcess redis;
    private static FakeUpstream upstream;
    private static final List<NodeProcess> nodes = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();
    private static Haproxy balancer;
    private static FleetBrowser browser;
    private static long started;
    private static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void startTheFleet() throws Exception {
        started = System.nanoTime();
        redis = RedisProcess.start();
        upstream = FakeUpstream.start("alpha");
        String cookie = CookieSettings.defaults().name();
        upstream.forbid(cookie + "=");
        upstream.forbid(cookie + "_binding=");
        upstream.forbid(cookie + "_launch=");
        byte[] secrets = new byte[64];
        new SecureRandom().nextBytes(secrets);
        String hex = HexFormat.of().formatHex(secrets);
        GatewayServers.Container[] containers = {GatewayServers.Container.JETTY, GatewayServers.Container.JETTY,
                GatewayServers.Container.TOMCAT};
        for (int i = 0; i < containers.length; i++) {
            nodes.add(NodeProcess.start("node" + (i + 1), containers[i], redis.port(), upstream.uri().toString(), hex,
                    WORK));
        }
        for (NodeProcess node : nodes) {
            ports.add(node.port());
        }
        balancer = Haproxy.start(ports, WORK);
        browser = new FleetBrowser();
        Await.until(() -> nodesAnswering(9).size() == 3, Duration.ofSeconds(10), "HAProxy to reach all three nodes");
        figure("fleet up (redis-server, upstream, 3 node JVMs, HAProxy) in %d ms", millisSince(started));
    }

    @AfterAll
    static void stopTheFleet() throws Exception {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(browser);
        all.add(balancer);
        all.addAll(nodes);
        all.add(upstream);
        all.add(redis);
        Exception first = null;
        for (AutoCloseable closeable : all) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        figure("multi-node suite, start to stop: %d ms", millisSince(started));
        Files.createDirectories(WORK);
        Files.write(WORK.resolve("figures.txt"), figures);
        if (upstream != null) {
            upstream.assertClean();
        }
        if (first != null) {
            throw first;
        }
    }

    private int lb() {
        return balancer.port();
    }

    @Test
    @Order(1)
    void theBalancerSpreadsRequestsOverEveryNodeWithoutStickiness() throws Exception {
        assertThat(nodesAnswering(6)).containsExactlyInAnyOrder("node1", "node2", "node3");
    }

    @Test
    @Order(2)
    void aTokenSpentThroughOneNodeIsRefusedByTheOtherTwo() throws Exception {
        for (int spender = 0; spender < 3; spender++) {
            FleetBrowser.Launch launch = browser.launch(lb(), "alpha", "user-spend");
            FleetBrowser.SpendStep step = browser.startLaunch(launch);
            upstream.forbid(launch.token());

            assertThat(browser.spend(launch, step, ports.get(spender)).status()).as("spent on node " + (spender + 1))
                    .isEqualTo(303);
            for (int other = 0; other < 3; other++) {
                if (other != spender) {
                    assertThat(browser.spend(launch, step, ports.get(other)).status())
                            .as("replayed on node " + (other + 1)).isEqualTo(401);
                }
            }
        }
    }

    @Test
    @Order(3)
    void fiftyConcurrentReplaysSpreadOverTheNodesLetExactlyOneIn() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            for (int round = 0; round < 3; round++) {
                FleetBrowser.Launch launch = browser.launch(lb(), "alpha", "user-race");
                FleetBrowser.SpendStep step = browser.startLaunch(launch);
                upstream.forbid(launch.token());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    int port = ports.get(i % 3);
                    statuses.add(threads.submit(() -> {
                        go.await();
                        return browser.spend(launch, step, port).status();
                    }));
                }
                go.countDown();
                Map<Integer, Integer> counts = new TreeMap<>();
                for (Future<Integer> status : statuses) {
                    counts.merge(status.get(20, TimeUnit.SECONDS), 1, Integer::sum);
                }
                assertThat(counts).as("round " + round).isEqualTo(Map.of(303, 1, 401, 49));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void aRevocationOnNodeOneClosesASocketOnNodeThreeAndRefusesItsNextRequestThere() throws Exception {
        List<Double> delays = new ArrayList<>();
        for (int run = 0; run < 10; run++) {
            String subject = "user-revoked-" + run;
            String cookie = browser.session(lb(), "alpha", subject);
            SocketProbe socket = browser.openSocket(ports.get(2), "alpha", "/ws/echo", cookie);
            socket.send("before");
            assertThat(socket.nextText()).isEqualTo("before");
            CompletableFuture<Long> closedAt = socket.closed().thenApply(code -> System.nanoTime());

            long revoked = System.nanoTime();
            TestResponse revocation = browser.post("http://localhost:" + ports.get(0) + "/admin/revoke-subject?subject="
                    + subject);
            assertThat(revocation.text()).as("sockets closed on node 1 itself").isEqualTo("0");

            assertThat(socket.awaitCloseCode()).isEqualTo(4401);
            delays.add((closedAt.get(10, TimeUnit.SECONDS) - revoked) / 1e6);
            assertThat(browser.get("http://alpha.ws.localhost:" + ports.get(2) + "/small", "Cookie: " + cookie)
                    .status()).as("the next request on node 3").isEqualTo(401);
        }
        delays.sort(Double::compare);
        figure("revocation on node 1 -> WebSocket closed (4401) on node 3, 10 runs: median %.1f ms, max %.1f ms,"
                + " all %s", delays.get(4) / 2 + delays.get(5) / 2, delays.get(9), delays);
        // The channel delivers in milliseconds; the resync (500 ms here) is the bound if a message were lost.
        assertThat(delays.get(9)).isLessThan(GatewayNode.RESYNC.toMillis() + 1000.0);
    }

    @Test
    @Order(5)
    void closingAWorkspaceOnOneNodeClosesItsSocketsOnEveryNodeAndLeavesTheSessionValid() throws Exception {
        String cookie = browser.session(lb(), "alpha", "user-close");
        SocketProbe onTwo = browser.openSocket(ports.get(1), "alpha", "/ws/echo", cookie);
        SocketProbe onThree = browser.openSocket(ports.get(2), "alpha", "/ws/echo", cookie);

        TestResponse told = browser.post("http://localhost:" + ports.get(0) + "/admin/close-workspace?workspace=alpha");

        assertThat(told.text()).as("nodes the message reached").isEqualTo("3");
        assertThat(onTwo.awaitCloseCode()).isEqualTo(4410);
        assertThat(onThree.awaitCloseCode()).isEqualTo(4410);
        assertThat(browser.get("http://alpha.ws.localhost:" + ports.get(2) + "/small", "Cookie: " + cookie).status())
                .isEqualTo(200);
    }

    @Test
    @Order(6)
    void redisOperationsPerBootstrapAndPerRevocation() throws Exception {
        redis.command("CONFIG", "RESETSTAT");
        long since = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            browser.session(lb(), "alpha", "user-count");
        }
        Map<String, Long> bootstraps = commandStats();
        double seconds = (System.nanoTime() - since) / 1e9;
        redis.command("CONFIG", "RESETSTAT");
        for (int i = 0; i < 10; i++) {
            browser.post("http://localhost:" + ports.get(i % 3) + "/admin/revoke-subject?subject=user-count-" + i);
        }
        Map<String, Long> revocations = commandStats();

        figure("Redis commands for 20 bootstraps through HAProxy: %s (in %.1f s; zrangebyscore is the three nodes'"
                + " resyncs, one per node per %d ms)", bootstraps, seconds, GatewayNode.RESYNC.toMillis());
        figure("Redis commands for 10 revocations: %s", revocations);
        // With host routing a launch spends two single-use ids: the launch token on the application's host, and the
        // one-minute ticket that carries it to the workspace's host.
        assertThat(bootstraps.get("set")).as("two SET NX PX per host-routed bootstrap").isEqualTo(40);
        assertThat(bootstraps.keySet()).as("nothing else per bootstrap").isSubsetOf("set", "zrangebyscore");
        assertThat(revocations.get("eval")).as("one EVAL per revocation").isEqualTo(10);
        assertThat(revocations.get("publish")).isEqualTo(10);
    }

    @Test
    @Order(7)
    void whileRedisIsDownBootstrapsAre503AndSessionsFailClosedThenAllRecoverWithoutARestart() throws Exception {
        List<Long> pids = nodes.stream().map(NodeProcess::pid).toList();
        String cookie = browser.session(lb(), "alpha", "user-outage");
        SocketProbe socket = browser.openSocket(ports.get(0), "alpha", "/ws/echo", cookie);

        long down = System.nanoTime();
        redis.stop();
        for (int i = 0; i < 3; i++) { // one per node, round robin
            FleetBrowser.Launch launch = browser.launch(lb(), "alpha", "user-outage"); // issuing needs no Redis
            FleetBrowser.SpendStep step = browser.startLaunch(launch);
            long asked = System.nanoTime();
            TestResponse refused = browser.spend(launch, step, lb());
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a prompt refusal").isLessThan(PROMPT);
            assertThat(refused.status()).as("bootstrap while Redis is down").isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
        }
        // Every node, each on its own: a node fails closed once its own last confirmation is older than the bound,
        // so one node's 503 says nothing of the others'. A node still inside its bound when Redis came back would go
        // on to fail closed after the recovery below had seen it answer 200, and fail the requests after it.
        for (int port : ports) {
            Await.until(() -> tunnelStatus(port, cookie) == 503, FAIL_CLOSED_BOUND.plusSeconds(3),
                    "tunnel requests on port " + port + " to fail closed");
        }
        figure("Redis stopped -> tunnel requests 503 on every node after %d ms (bound: %d ms unconfirmed)",
                millisSince(down), FAIL_CLOSED_BOUND.toMillis());
        assertThat(socket.awaitCloseCode()).as("a live socket fails closed too").isEqualTo(4503);

        long back = System.nanoTime();
        redis.startAgain();
        for (int port : ports) { // each node on its own: every one must recover
            Await.until(() -> tunnelStatus(port, cookie) == 200, Duration.ofSeconds(10),
                    "tunnel requests on port " + port + " after Redis returned");
        }
        figure("Redis restarted -> tunnel 200 again on every node after %d ms", millisSince(back));
        for (int port : ports) {
            Await.until(() -> bootstraps(port), Duration.ofSeconds(10), "bootstraps on port " + port);
        }
        figure("Redis restarted -> bootstraps again on every node after %d ms (reconnect backoff at most 1 s)",
                millisSince(back));
        String fresh = browser.session(lb(), "alpha", "user-outage-after");
        for (int i = 0; i < 6; i++) {
            assertThat(browser.get("http://alpha.ws.localhost:" + lb() + "/small", "Cookie: " + fresh).status())
                    .isEqualTo(200);
        }
        assertThat(nodes.stream().map(NodeProcess::pid).toList()).as("no node restarted").isEqualTo(pids);
        assertThat(nodes).allMatch(NodeProcess::isAlive);
    }

    @Test
    @Order(8)
    void aNodeKilledMidSessionLeavesTheBrowserOnTheOthersWithTheSameCookie() throws Exception {
        String cookie = browser.session(lb(), "alpha", "user-survivor");
        SocketProbe onTwo = browser.openSocket(ports.get(1), "alpha", "/ws/echo", cookie);
        onTwo.send("hello");
        assertThat(onTwo.nextText()).isEqualTo("hello");

        long killed = System.nanoTime();
        nodes.get(1).kill();
        assertThat(onTwo.awaitCloseCode()).as("the socket died with its node").isEqualTo(1006);
        for (int i = 0; i < 9; i++) {
            long asked = System.nanoTime();
            assertThat(browser.get("http://alpha.ws.localhost:" + lb() + "/small", "Cookie: " + cookie).status())
                    .as("request %d after the kill", i).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(PROMPT);
        }
        SocketProbe again = browser.openSocket(lb(), "alpha", "/ws/echo", cookie);
        again.send("still here");
        assertThat(again.nextText()).isEqualTo("still here");
        figure("node 2 killed -> the same cookie served by the others, socket reopened, %d ms", millisSince(killed));
        assertThat(nodesAnswering(6)).containsExactlyInAnyOrder("node1", "node3");
    }

    private static boolean bootstraps(int port) {
        try {
            browser.session(port, "alpha", "user-outage-after");
            return true;
        } catch (AssertionError e) {
            assertThat(e).hasMessageContaining("answered 503"); // not yet; anything else is a failure
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int tunnelStatus(int port, String cookie) {
        try {
            long asked = System.nanoTime();
            int status = browser.get("http://alpha.ws.localhost:" + port + "/small", "Cookie: " + cookie).status();
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a prompt answer").isLessThan(PROMPT);
            return status;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> nodesAnswering(int requests) {
        Set<String> names = new HashSet<>();
        try {
            for (int i = 0; i < requests; i++) {
                TestResponse node = browser.get("http://localhost:" + balancer.port() + "/admin/node");
                if (node.status() == 200) {
                    names.add(node.text().split(" ")[0]);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return names;
    }

    private static final Pattern STAT = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)");

    private static Map<String, Long> commandStats() {
        try {
            Map<String, Long> calls = new TreeMap<>();
            Matcher stat = STAT.matcher(redis.command("INFO", "commandstats"));
            while (stat.find()) {
                if (!stat.group(1).equals("info") && !stat.group(1).equals("config|resetstat")) {
                    calls.put(stat.group(1), Long.parseLong(stat.group(2)));
                }
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void figure(String format, Object... arguments) {
        String line = String.format(format, arguments);
        figures.add(line);
        System.out.println("[multi-node] " + line);
    }
}
