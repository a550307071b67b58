package dev.devproxy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness measured against itself, on real sockets, for about a second per case: the load
 * client gets clean results direct, through devproxy on Jetty, through Jetty's core proxy and through the
 * byte-relay floor on Tomcat, issue 29's browser-shaped workloads direct and through devproxy on both containers,
 * each container's own WebSocket server (answering at once or in a second dispatch),
 * and its checks catch an upstream that corrupts, reorders or drops a message, refuses an upgrade, or answers an
 * HTTP request wrongly.
 */
class HarnessTest {
    private static final Duration SHORT = Duration.ofMillis(700);

    @Test
    void loadPassesCleanlyDirectAndThroughDevproxyOnJetty() throws Exception {
        try (Upstream upstream = new Upstream(2, Fault.NONE);
                ProxyHost.Running proxy = ProxyHost.start(ProxyHost.Container.JETTY,
                        URI.create("http://127.0.0.1:" + upstream.port(1)));
                HttpLoad http = new HttpLoad(8);
                WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(5))) {
            String cookie = Bench.bootstrap(http, proxy.port(), proxy.bootstrapPath());
            Endpoint direct = new Endpoint("DIRECT", upstream.port(0), "", cookie);
            Endpoint devproxy = new Endpoint("DEVPROXY_JETTY", proxy.port(), ProxyHost.PREFIX, cookie);
            for (Endpoint endpoint : new Endpoint[] {direct, devproxy}) {
                Measured small = http.run(HttpLoad.Kind.SMALL_GET, endpoint, 4, new Bound(SHORT, 100_000));
                Measured echo = http.run(HttpLoad.Kind.POST_ECHO, endpoint, 4, new Bound(SHORT, 100_000));
                Measured large = http.run(HttpLoad.Kind.LARGE_GET, endpoint, 1, new Bound(SHORT, 3));
                Measured requestResponse = ws.requestResponse(endpoint, 4, 1024, new Bound(SHORT, 100_000));
                Measured pipelined = ws.pipelined(endpoint, 2, 4, 16 * 1024, new Bound(SHORT, 100_000));
                for (Measured measured : new Measured[] {small, echo, large, requestResponse, pipelined}) {
                    assertThat(measured.clean()).as(endpoint.name() + " " + measured).isTrue();
                    assertThat(measured.operations()).as(endpoint.name() + " " + measured).isPositive();
                }
                assertThat(large.bytes()).isEqualTo(large.operations() * Payloads.LARGE);
                assertThat(requestResponse.p99Micros()).isGreaterThanOrEqualTo(requestResponse.p50Micros());
            }
        }
    }

    // Issue 29's shapes, tiny: text and binary in turn, a wider pipelined window, and sockets opened, used once and
    // closed, direct and through devproxy on both containers, every message checked and every socket counted.
    @Test
    void theBrowserShapedWorkloadsPassCleanlyDirectAndThroughDevproxy() throws Exception {
        try (Upstream upstream = new Upstream(3, Fault.NONE);
                ProxyHost.Running jetty = ProxyHost.start(ProxyHost.Container.JETTY,
                        URI.create("http://127.0.0.1:" + upstream.port(1)));
                ProxyHost.Running tomcat = ProxyHost.start(ProxyHost.Container.TOMCAT,
                        URI.create("http://127.0.0.1:" + upstream.port(2)));
                HttpLoad http = new HttpLoad(8);
                WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(5))) {
            Endpoint direct = new Endpoint("DIRECT", upstream.port(0), "", null);
            Endpoint onJetty = new Endpoint("DEVPROXY_JETTY", jetty.port(), ProxyHost.PREFIX,
                    Bench.bootstrap(http, jetty.port(), jetty.bootstrapPath()));
            Endpoint onTomcat = new Endpoint("DEVPROXY_TOMCAT", tomcat.port(), ProxyHost.PREFIX,
                    Bench.bootstrap(http, tomcat.port(), tomcat.bootstrapPath()));
            for (Endpoint endpoint : new Endpoint[] {direct, onJetty, onTomcat}) {
                Measured mixed = ws.mixedRequestResponse(endpoint, 4, 1024, new Bound(SHORT, 100_000));
                Measured pipelined = ws.pipelined(endpoint, 3, 16, 16 * 1024, new Bound(SHORT, 100_000));
                Measured upgrades = ws.upgrades(endpoint, 4, 64, new Bound(SHORT, 40));
                for (Measured measured : new Measured[] {mixed, pipelined, upgrades}) {
                    assertThat(measured.clean()).as(endpoint.name() + " " + measured).isTrue();
                    assertThat(measured.operations()).as(endpoint.name() + " " + measured).isPositive();
                }
                // A message of each kind came back: the count is at least two per socket.
                assertThat(mixed.operations()).as(endpoint.name()).isGreaterThanOrEqualTo(8);
                assertThat(upgrades.operations()).as(endpoint.name() + " " + upgrades).isLessThanOrEqualTo(40);
            }
        }
    }

    @Test
    void aRefusedUpgradeIsAnErrorNotAResult() throws Exception {
        try (Upstream upstream = new Upstream(1, Fault.NONE); WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(1))) {
            Endpoint missing = new Endpoint("DIRECT", upstream.port(0), "/missing", null);
            Measured measured = ws.upgrades(missing, 2, 64, new Bound(SHORT, 6));
            assertThat(measured.operations()).isZero();
            assertThat(measured.errors()).isEqualTo(6);
        }
    }

    // The HTTP floor below the Servlet API must do the same work as devproxy: every body complete and checked,
    // the prefix stripped (the upstream answers 404 anywhere else, which the load counts as an error).
    @Test
    void theCoreProxyFloorServesTheHttpWorkloadsCleanlyOnJetty() throws Exception {
        try (Upstream upstream = new Upstream(1, Fault.NONE);
                ProxyHost.Running proxy = ProxyHost.start(ProxyHost.Container.JETTY_CORE_PROXY,
                        URI.create("http://127.0.0.1:" + upstream.port(0)));
                HttpLoad http = new HttpLoad(8)) {
            Endpoint endpoint = new Endpoint("JETTY_CORE_PROXY", proxy.port(), ProxyHost.PREFIX, "");
            Measured small = http.run(HttpLoad.Kind.SMALL_GET, endpoint, 4, new Bound(SHORT, 100_000));
            Measured echo = http.run(HttpLoad.Kind.POST_ECHO, endpoint, 4, new Bound(SHORT, 100_000));
            Measured large = http.run(HttpLoad.Kind.LARGE_GET, endpoint, 1, new Bound(SHORT, 3));
            for (Measured measured : new Measured[] {small, echo, large}) {
                assertThat(measured.clean()).as(measured.toString()).isTrue();
                assertThat(measured.operations()).as(measured.toString()).isPositive();
            }
            assertThat(large.bytes()).isEqualTo(large.operations() * Payloads.LARGE);
        }
    }

    // The WebSocket floor must relay what devproxy relays, every message back in order and intact, and pass the
    // upstream's 101 through: its Sec-WebSocket-Accept answers the client's own key, which Jetty's client checks.
    @Test
    void theByteRelayFloorRelaysWebSocketsCleanlyOnTomcat() throws Exception {
        try (Upstream upstream = new Upstream(1, Fault.NONE);
                ProxyHost.Running relay = ProxyHost.start(ProxyHost.Container.BYTE_RELAY_TOMCAT,
                        URI.create("http://127.0.0.1:" + upstream.port(0)));
                WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(5))) {
            Endpoint endpoint = new Endpoint("BYTE_RELAY_TOMCAT", relay.port(), ProxyHost.PREFIX, "");
            Measured requestResponse = ws.requestResponse(endpoint, 4, 1024, new Bound(SHORT, 100_000));
            Measured pipelined = ws.pipelined(endpoint, 2, 4, 16 * 1024, new Bound(SHORT, 100_000));
            for (Measured measured : new Measured[] {requestResponse, pipelined}) {
                assertThat(measured.clean()).as(measured.toString()).isTrue();
                assertThat(measured.operations()).as(measured.toString()).isPositive();
            }
        }
    }

    @Test
    void theNioRelayFloorRelaysWebSocketsCleanly() throws Exception {
        try (Upstream upstream = new Upstream(1, Fault.NONE);
                NioRelayFloor.Running relay = NioRelayFloor.start(URI.create("http://127.0.0.1:" + upstream.port(0)));
                WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(5))) {
            Endpoint endpoint = new Endpoint("NIO_RELAY_FLOOR", relay.port(), ProxyHost.PREFIX, "");
            Measured requestResponse = ws.requestResponse(endpoint, 4, 1024, new Bound(SHORT, 100_000));
            Measured pipelined = ws.pipelined(endpoint, 2, 4, 16 * 1024, new Bound(SHORT, 100_000));
            for (Measured measured : new Measured[] {requestResponse, pipelined}) {
                assertThat(measured.clean()).as(measured.toString()).isTrue();
                assertThat(measured.operations()).as(measured.toString()).isPositive();
            }
        }
    }

    // The container-server floors echo what the upstream echoes, at the proxies' path, with nothing proxied; the
    // deferred ones answer the handshake in a second dispatch, and every socket must still open, echo and close.
    @Test
    void theContainerServerFloorsEchoCleanlyAnsweredAtOnceOrInASecondDispatch() throws Exception {
        try (WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(5))) {
            for (ProxyHost.Container server : new ProxyHost.Container[] {ProxyHost.Container.JETTY_WS_SERVER,
                    ProxyHost.Container.TOMCAT_WS_SERVER, ProxyHost.Container.JETTY_WS_SERVER_ASYNC,
                    ProxyHost.Container.TOMCAT_WS_SERVER_ASYNC}) {
                try (ProxyHost.Running running = ProxyHost.start(server, URI.create("http://127.0.0.1:9"))) {
                    Endpoint endpoint = new Endpoint(server.name(), running.port(), ProxyHost.PREFIX, "");
                    Measured mixed = ws.mixedRequestResponse(endpoint, 4, 1024, new Bound(SHORT, 100_000));
                    Measured pipelined = ws.pipelined(endpoint, 2, 16, 16 * 1024, new Bound(SHORT, 100_000));
                    Measured upgrades = ws.upgrades(endpoint, 4, 64, new Bound(SHORT, 40));
                    for (Measured measured : new Measured[] {mixed, pipelined, upgrades}) {
                        assertThat(measured.clean()).as(server + " " + measured).isTrue();
                        assertThat(measured.operations()).as(server + " " + measured).isPositive();
                    }
                }
            }
        }
    }

    @Test
    void aCorruptEchoIsCountedOncePerSocket() throws Exception {
        try (Upstream upstream = new Upstream(1, Fault.CORRUPT); WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(5))) {
            Measured measured = ws.requestResponse(direct(upstream), 3, 1024, new Bound(SHORT, 100_000));
            assertThat(measured.corrupt()).isEqualTo(3);
            assertThat(measured.lost()).isZero();
            assertThat(measured.misordered()).isZero();
            assertThat(measured.clean()).isFalse();
        }
    }

    @Test
    void swappedEchoesAreCountedAsMisordered() throws Exception {
        try (Upstream upstream = new Upstream(1, Fault.SWAP); WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(5))) {
            Measured measured = ws.pipelined(direct(upstream), 1, 4, 1024, new Bound(SHORT, 100_000));
            // Message 6 arrives where 5 was expected, then 5 where 7 was: two out of order, none lost.
            assertThat(measured.misordered()).isEqualTo(2);
            assertThat(measured.lost()).isZero();
            assertThat(measured.corrupt()).isZero();
        }
    }

    @Test
    void aDroppedEchoIsCountedAsLostAndTheGapAsMisordered() throws Exception {
        try (Upstream upstream = new Upstream(1, Fault.DROP); WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(1))) {
            Measured measured = ws.pipelined(direct(upstream), 1, 4, 1024, new Bound(SHORT, 100_000));
            assertThat(measured.lost()).isEqualTo(1);
            assertThat(measured.misordered()).isEqualTo(1);
            assertThat(measured.errors()).as("the socket never drained").isEqualTo(1);
        }
    }

    @Test
    void aWrongHttpAnswerIsAnErrorNotAResult() throws Exception {
        try (Upstream upstream = new Upstream(1, Fault.NONE); HttpLoad http = new HttpLoad(2)) {
            Endpoint missing = new Endpoint("DIRECT", upstream.port(0), "/missing", null);
            Measured measured = http.run(HttpLoad.Kind.SMALL_GET, missing, 2, new Bound(SHORT, 50));
            assertThat(measured.operations()).isZero();
            assertThat(measured.errors()).isPositive();
        }
    }

    @Test
    void procStatsSeeThisProcess() {
        long self = ProcessHandle.current().pid();
        assertThat(ProcStats.cpuSeconds(self)).isPositive();
        assertThat(ProcStats.rssKiB(self)).isGreaterThan(10_000);
        assertThat(ProcStats.descriptors(self)).isPositive();
    }

    @Test
    void compilerCpuIsThatOfTheJitThreadsOnly() throws Exception {
        long self = ProcessHandle.current().pid();
        // This JVM has compiled the harness and Jetty by now; its other threads have done more.
        assertThat(ProcStats.compilerCpuSeconds(self)).isPositive().isLessThan(ProcStats.cpuSeconds(self));
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcStats.compilerCpuSeconds(sleep.pid())).as("a process without JIT threads").isZero();
        } finally {
            sleep.destroy();
        }
    }

    private static Endpoint direct(Upstream upstream) {
        return new Endpoint("DIRECT", upstream.port(0), "", null);
    }
}
