package dev.devproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.DevProxyListener;
import dev.devproxy.Routing;
import dev.devproxy.Target;
import dev.devproxy.WebSocketSettings;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.examples.demo.DemoOptions;
import dev.devproxy.examples.demo.HostContainer;
import dev.devproxy.examples.demo.JettyHostContainer;
import dev.devproxy.examples.demo.portal.PortalPagesServlet;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.token.JwtTokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 26's measurement of WebSocket compression through the byte relay, with code-server's real traffic: the same
 * browser flow as {@link RealIdesThroughTheDemoTest} (workbench, a file opened, a terminal command, a file created
 * and typed into), in headless Chromium through devproxy on Jetty, once with {@code Compression.NONE} and once with
 * {@code PERMESSAGE_DEFLATE}, in rounds. A {@link WebSocketTap} between devproxy and code-server keeps every frame, so
 * each run's bytes on the wire are read from what crossed, both ways, with what compressed messages inflate to; CPU
 * is read for code-server's process tree and for devproxy's relay loop threads (where it inflates to count). The
 * compressed streams from the browser are saved for {@code InflatedSizeBenchmark} (benchmarks module), which times the
 * counting alone. Not part of the suite: run it with
 * {@code mvn -pl e2e-ides -am verify -Dtest=CompressionMeasurementTest -Ddevproxy.measure=compression
 * -Dsurefire.failIfNoSpecifiedTests=false}; it writes {@code target/e2e-ides/compression/report.md}.
 */
@EnabledIfSystemProperty(named = "devproxy.measure", matches = "compression")
class CompressionMeasurementTest {
    private static final int ROUNDS = Integer.getInteger("devproxy.measure.rounds", 3);

    /** One run's figures. */
    record Run(String mode, int round, int sockets, WireFrames fromBrowser, WireFrames fromApp, long appCpuNanos,
            long relayCpuNanos, long proxyJvmCpuNanos) {
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void codeServersTrafficWithAndWithoutCompressionThroughTheByteRelay() throws Exception {
        String missing = E2eEnvironment.skipReasonUnlessInstalled();
        assertThat(missing).as("the real apps are installed").isNull();
        Path out = Files.createDirectories(E2eEnvironment.workDirectory().resolve("compression"));
        Path scratch = Files.createDirectories(E2eEnvironment.workDirectory().resolve("measure-" + UUID.randomUUID()));
        List<Run> runs = new ArrayList<>();
        try (CodeServer codeServer = CodeServer.start(scratch)) {
            // A first run warms code-server, the JIT and the browser's cache alike for every mode; not counted.
            run(codeServer, WebSocketSettings.Compression.NONE, 0, out);
            for (int round = 1; round <= ROUNDS; round++) {
                for (WebSocketSettings.Compression mode : WebSocketSettings.Compression.values()) {
                    runs.add(run(codeServer, mode, round, out));
                }
            }
        }
        String report = report(runs);
        Files.writeString(out.resolve("report.md"), report);
        System.out.println(report);
    }

    private Run run(CodeServer codeServer, WebSocketSettings.Compression mode, int round, Path out) throws Exception {
        String label = "compression-" + mode.name().toLowerCase(Locale.ROOT) + "-" + round;
        List<SocketClosed> closed = new CopyOnWriteArrayList<>();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try (WebSocketTap tap = WebSocketTap.inFrontOf(codeServer.uri())) {
            DevProxy proxy = DevProxy.builder()
                    .routing(Routing.sharedOrigin()) // the measurement is of the relay, not of the routing
                    .resolver((workspace, caller) -> workspace.equals(RealApps.CODE_SERVER)
                            ? Optional.of(Target.strip(tap.uri())) : Optional.empty())
                    .tokens(JwtTokens.hmac(secret))
                    .launchAuthorizer((request, workspace) -> LaunchDecision.allow("ada"))
                    .cookie(CookieSettings.builder().insecureForDevelopment().build())
                    .webSocket(WebSocketSettings.builder().relaying(WebSocketSettings.Relaying.BYTES).compression(mode)
                            .build())
                    .listener(new DevProxyListener() {
                        @Override
                        public void socketClosed(SocketClosed event) {
                            closed.add(event);
                        }
                    })
                    .build();
            long appBefore = cpuOfTree(codeServer.process().process().toHandle());
            long jvmBefore = jvmCpu();
            BrowserRun.Outcome outcome;
            long relayCpu;
            HostContainer host = new JettyHostContainer();
            try (proxy; HostContainer.RunningServer server = host.start(Map.of("/",
                    new PortalPagesServlet("127.0.0.1", DemoOptions.RoutingChoice.PATH)), proxy, 0)) {
                outcome = new BrowserRun(label, "http://127.0.0.1:" + server.port() + "/", "tokenEndpoint",
                        CookieSettings.defaults().name()).app("code-server", codeServer(codeServer, label)).execute();
                relayCpu = relayLoopCpu();
            }
            long appCpu = cpuOfTree(codeServer.process().process().toHandle()) - appBefore;
            long jvmCpu = jvmCpu() - jvmBefore;
            BrowserRun.AppResult result = outcome.of("code-server");
            assertThat(result.passed()).as("%s: %s", label, result.reason()).isTrue();
            WireFrames fromBrowser = new WireFrames(0, 0, 0, 0, 0);
            WireFrames fromApp = new WireFrames(0, 0, 0, 0, 0);
            List<WebSocketTap.Connection> sockets = tap.webSockets();
            for (int i = 0; i < sockets.size(); i++) {
                WebSocketTap.Connection socket = sockets.get(i);
                String agreed = socket.handshakeResponse().toLowerCase(Locale.ROOT);
                byte[] clientFrames = socket.clientFrames();
                boolean clientResets = agreed.contains("client_no_context_takeover");
                boolean serverResets = agreed.contains("server_no_context_takeover");
                fromBrowser = fromBrowser.plus(WireFrames.read(clientFrames, clientResets));
                fromApp = fromApp.plus(WireFrames.read(socket.appFrames(), serverResets));
                if (mode == WebSocketSettings.Compression.PERMESSAGE_DEFLATE && agreed.contains("permessage-deflate")) {
                    Files.write(out.resolve(label + "-socket-" + i + "-from-browser.bin"), clientFrames);
                }
            }
            assertThat(closed).as("the proxy reported every socket it relayed").hasSize(sockets.size());
            return new Run(mode.name(), round, sockets.size(), fromBrowser, fromApp, appCpu, relayCpu, jvmCpu);
        }
    }

    private static Map<String, Object> codeServer(CodeServer codeServer, String label) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("id", RealApps.CODE_SERVER.value());
        settings.put("folder", codeServer.folder().toString());
        settings.put("knownFile", CodeServer.KNOWN_FILE);
        settings.put("knownContent", CodeServer.KNOWN_CONTENT);
        settings.put("newFile", "created-in-" + label + ".txt");
        settings.put("newFileText", "typed in Chromium through devproxy (" + label + ")");
        new RealIdesThroughTheDemoTest.Markers(label).addTo(settings);
        return settings;
    }

    /** CPU time of {@code process} and of every process it started that is still running. */
    private static long cpuOfTree(ProcessHandle process) {
        long nanos = process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        for (ProcessHandle child : process.descendants().toList()) {
            nanos += child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
        return nanos;
    }

    /** CPU time of devproxy's relay loop threads so far: where the byte relay reads, writes and inflates to count. */
    private static long relayLoopCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("devproxy-ws-relay")) {
                nanos += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        return nanos;
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String report(List<Run> runs) {
        StringBuilder report = new StringBuilder("# code-server through the byte relay, with and without compression")
                .append("\n\n| mode | round | sockets | browser→app messages | browser→app wire KiB")
                .append(" | browser→app inflated KiB | app→browser messages | app→browser wire KiB")
                .append(" | app→browser inflated KiB | code-server CPU ms | relay loop CPU ms | proxy JVM CPU ms |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        String row = "| %s | %d | %d | %d | %.1f | %.1f | %d | %.1f | %.1f | %d | %.1f | %d |%n";
        for (Run run : runs) {
            WireFrames up = run.fromBrowser();
            WireFrames down = run.fromApp();
            report.append(String.format(Locale.ROOT, row, run.mode(), run.round(), run.sockets(), up.messages(),
                    up.wireBytes() / 1024.0, up.inflatedBytes() / 1024.0, down.messages(), down.wireBytes() / 1024.0,
                    down.inflatedBytes() / 1024.0, run.appCpuNanos() / 1_000_000, run.relayCpuNanos() / 1e6,
                    run.proxyJvmCpuNanos() / 1_000_000));
        }
        return report.toString();
    }
}
