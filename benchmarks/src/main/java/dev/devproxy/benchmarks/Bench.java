package dev.devproxy.benchmarks;

import static dev.devproxy.benchmarks.ProxyHost.PREFIX;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.client.ContentResponse;

/**
 * The side-by-side run: DIRECT, NGINX, devproxy on Jetty and devproxy on Tomcat (both relay WebSockets as
 * bytes; DEVPROXY_JETTY_FRAMES and DEVPROXY_TOMCAT_FRAMES are the same with the frame relay, and
 * DEVPROXY_TOMCAT_TOMCAT_IO with the byte relay's browser side on Tomcat's connector instead of handed over to
 * devproxy's selector, for comparison), and the floors (JETTY_PROXYSERVLET, JETTY_ASYNC_PROXYSERVLET, the same
 * two in Tomcat, TOMCAT_PROXYSERVLET and TOMCAT_ASYNC_PROXYSERVLET, and JETTY_CORE_PROXY for HTTP; BYTE_RELAY_TOMCAT
 * and NIO_RELAY_FLOOR for WebSocket; JETTY_WS_SERVER and TOMCAT_WS_SERVER, each container's own WebSocket server
 * echoing with nothing proxied, and JETTY_WS_SERVER_ASYNC and TOMCAT_WS_SERVER_ASYNC, the same answering each
 * handshake in a second dispatch), every workload against
 * every target that runs it, interleaved round by round (A B C D, A B C D…), then the idle-connection test per proxy.
 * Run through {@code benchmarks/run.sh}; arguments: {@code --rounds N --seconds S --idle PAIRS --out DIR
 * [--warmup S] [--workloads SMALL_GET,…|ALL|NONE] [--targets DIRECT,NGINX,DEVPROXY_JETTY,…|ALL] [--idle-rounds N]};
 * without them, the run of docs/benchmarks.md's current results: 3 rounds of 5 s after 30 s of warm-up, every
 * workload, {@link #CURRENT_TARGETS}, and 2 000 idle pairs in each of the first two rounds.
 */
public final class Bench {

    /**
     * The targets of a run with no {@code --targets}: those of docs/benchmarks.md's current results, nginx and
     * devproxy on both containers with the floor of each figure; {@code --targets ALL} runs every target.
     */
    static final String CURRENT_TARGETS = "DIRECT,NGINX,DEVPROXY_JETTY,DEVPROXY_TOMCAT,JETTY_PROXYSERVLET,"
            + "JETTY_ASYNC_PROXYSERVLET,NIO_RELAY_FLOOR,JETTY_WS_SERVER_ASYNC,TOMCAT_WS_SERVER_ASYNC";

    private Bench() {
    }

    /** What a target proxies. */
    private enum Proxies {
        ALL, HTTP_ONLY,
        /** WebSocket workloads only, and no idle test (the byte-relay prototype holds a thread per pair). */
        WEBSOCKET_ONLY,
        /** WebSocket workloads and the idle test, no HTTP. */
        WEBSOCKET_AND_IDLE
    }

    /** A target, the process that is its proxy (none for DIRECT), and which workloads it runs. */
    private record Target(Endpoint endpoint, long proxyPid, boolean jvm, Proxies proxies) {
        boolean runs(Workload workload) {
            return proxies == Proxies.ALL || (proxies == Proxies.HTTP_ONLY) != workload.webSocket;
        }

        boolean runsIdle() {
            return proxyPid != 0 && (proxies == Proxies.ALL || proxies == Proxies.WEBSOCKET_AND_IDLE);
        }

        /** The targets of {@code targets} that run {@code workload}. */
        static List<Target> running(List<Target> targets, Workload workload) {
            return targets.stream().filter(t -> t.runs(workload)).toList();
        }
    }

    /** The upstream's port for DIRECT, in its ready line. */
    private static final int DIRECT_SLOT = 1;
    /** The upstream's port nginx proxies to, in its ready line. */
    private static final int NGINX_SLOT = 2;

    /**
     * A target as the run starts it: its name, its process's name, {@link ProxyHost}'s mode for it (null for
     * {@link NioRelayFloor}), which port of the upstream's ready line it proxies to (each proxy has its own, so
     * that their connections never mix; slot 10 has no upstream: the server floors answer themselves), whether
     * it is devproxy (bootstrapped once for its session cookie), and which workloads it runs.
     */
    private record Spec(String name, String process, String mode, int slot, boolean devproxy, Proxies proxies) {
    }

    /** Every target, in the order of the report's columns. */
    private static final List<Spec> SPECS = List.of(
            new Spec("DIRECT", null, null, DIRECT_SLOT, false, Proxies.ALL),
            new Spec("NGINX", "nginx", null, NGINX_SLOT, false, Proxies.ALL),
            new Spec("DEVPROXY_JETTY", "devproxy-jetty", "jetty", 3, true, Proxies.ALL),
            new Spec("DEVPROXY_TOMCAT", "devproxy-tomcat", "tomcat", 4, true, Proxies.ALL),
            new Spec("DEVPROXY_JETTY_FRAMES", "devproxy-jetty-frames", "jetty_frames", 8, true,
                    Proxies.WEBSOCKET_ONLY),
            new Spec("DEVPROXY_TOMCAT_FRAMES", "devproxy-tomcat-frames", "tomcat_frames", 7, true,
                    Proxies.WEBSOCKET_ONLY),
            new Spec("DEVPROXY_TOMCAT_TOMCAT_IO", "devproxy-tomcat-tomcat-io", "tomcat_tomcat_io", 11, true,
                    Proxies.WEBSOCKET_ONLY),
            new Spec("JETTY_PROXYSERVLET", "jetty-proxyservlet", "jetty_proxyservlet", 5, false, Proxies.HTTP_ONLY),
            new Spec("JETTY_ASYNC_PROXYSERVLET", "jetty-async-proxyservlet", "jetty_async_proxyservlet", 13, false,
                    Proxies.HTTP_ONLY),
            new Spec("TOMCAT_PROXYSERVLET", "tomcat-proxyservlet", "tomcat_proxyservlet", 14, false, Proxies.HTTP_ONLY),
            new Spec("TOMCAT_ASYNC_PROXYSERVLET", "tomcat-async-proxyservlet", "tomcat_async_proxyservlet", 15, false,
                    Proxies.HTTP_ONLY),
            new Spec("JETTY_CORE_PROXY", "jetty-core-proxy", "jetty_core_proxy", 9, false, Proxies.HTTP_ONLY),
            new Spec("BYTE_RELAY_TOMCAT", "byte-relay-tomcat", "byte_relay_tomcat", 6, false, Proxies.WEBSOCKET_ONLY),
            new Spec("NIO_RELAY_FLOOR", "nio-relay-floor", null, 12, false, Proxies.WEBSOCKET_AND_IDLE),
            new Spec("JETTY_WS_SERVER", "jetty-ws-server", "jetty_ws_server", 10, false, Proxies.WEBSOCKET_ONLY),
            new Spec("TOMCAT_WS_SERVER", "tomcat-ws-server", "tomcat_ws_server", 10, false, Proxies.WEBSOCKET_ONLY),
            new Spec("JETTY_WS_SERVER_ASYNC", "jetty-ws-server-async", "jetty_ws_server_async", 10, false,
                    Proxies.WEBSOCKET_ONLY),
            new Spec("TOMCAT_WS_SERVER_ASYNC", "tomcat-ws-server-async", "tomcat_ws_server_async", 10, false,
                    Proxies.WEBSOCKET_ONLY));

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "5")));
        int idlePairs = Integer.parseInt(options.getOrDefault("idle", "2000"));
        int idleRounds = Integer.parseInt(options.getOrDefault("idle-rounds", "2"));
        Set<Workload> workloads = EnumSet.noneOf(Workload.class);
        for (String name : options.getOrDefault("workloads", "ALL").split(",")) {
            if (name.equals("ALL")) {
                workloads.addAll(EnumSet.allOf(Workload.class));
            } else if (!name.equals("NONE")) { // NONE: the idle test alone
                workloads.add(Arrays.stream(Workload.values()).filter(w -> w.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + name + "'; one of ALL,"
                                + " NONE, " + Arrays.toString(Workload.values()))));
            }
        }
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Path out = Path.of(options.getOrDefault("out", "benchmarks/results")).toAbsolutePath();
        Path logs = Files.createDirectories(out.resolve(stamp + "-logs"));
        try (Fleet fleet = new Fleet(logs); HttpLoad http = new HttpLoad(64);
                WebSocketLoad ws = new WebSocketLoad(Duration.ofSeconds(30))) {
            Fleet.Started upstream = fleet.java("upstream", Upstream.class.getName(), "15");
            Set<String> only = Set.of(options.getOrDefault("targets", CURRENT_TARGETS).split(","));
            for (String name : only) {
                if (!name.equals("ALL") && SPECS.stream().noneMatch(spec -> spec.name().equals(name))) {
                    throw new IllegalArgumentException("unknown target '" + name + "'; ALL or any of "
                            + SPECS.stream().map(Spec::name).toList());
                }
            }
            List<Target> targets = start(fleet, http, upstream,
                    spec -> only.contains("ALL") || only.contains(spec.name()));

            // The JVM proxies need their hot paths compiled before anything is measured: on this 2-core
            // machine, shared with other work, C2 is still busy after a minute of load.
            Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "30")));
            System.out.println("warm-up: every workload, " + warmup.toSeconds() + " s against each JVM proxy, "
                    + duration.dividedBy(2).toSeconds() + " s against the others");
            for (Workload workload : workloads) {
                for (Target target : Target.running(targets, workload)) {
                    workload.warmUp(http, ws, target.endpoint(), target.jvm() ? warmup : duration.dividedBy(2));
                }
            }
            List<Sample> samples = new ArrayList<>();
            List<Report.Idle> idle = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (Workload workload : workloads) {
                    for (Target target : Target.running(targets, workload)) {
                        Sample sample = measure(round, workload, target, http, ws, upstream.pid(), duration);
                        samples.add(sample);
                        System.out.printf("round %d %-20s %-16s %10.1f %-5s errors %d lost %d misordered %d corrupt %d"
                                + " proxy cpu %.2f s%n", round, workload, target.endpoint().name(),
                                workload.throughput(sample.measured()), workload.throughputUnit,
                                sample.measured().errors(), sample.measured().lost(), sample.measured().misordered(),
                                sample.measured().corrupt(), sample.proxyCpu());
                    }
                }
                if (idlePairs > 0 && round <= idleRounds) {
                    for (Target target : targets.stream().filter(Target::runsIdle).toList()) {
                        IdleScale.Result result = IdleScale.run(ws, target.endpoint(), idlePairs, target.proxyPid(),
                                target.jvm(), logs.resolve("histogram-" + target.endpoint().name() + "-" + idlePairs
                                        + "-round" + round));
                        idle.add(new Report.Idle(round, target.endpoint().name(), result));
                        System.out.printf("round %d idle %-16s pairs %d failed %d rss/pair %.1f KiB heap/pair %.1f KiB"
                                + " rss before %d open %d after %d KiB%n", round, target.endpoint().name(),
                                result.pairs(), result.failed(), result.rssPerPairKiB(), result.heapPerPairKiB(),
                                result.rssBeforeKiB(), result.rssOpenKiB(), result.rssAfterKiB());
                    }
                }
            }
            Map<String, Long> infoLines = new LinkedHashMap<>();
            for (String name : List.of("devproxy-jetty", "devproxy-tomcat")) {
                Path log = logs.resolve(name + ".log");
                if (Files.exists(log)) {
                    try (var lines = Files.lines(log)) {
                        infoLines.put(name, lines.filter(l -> l.contains(" INFO ")).count());
                    }
                }
            }
            Report report = new Report(stamp, rounds, duration, idlePairs, samples, idle, infoLines);
            Files.writeString(out.resolve(stamp + ".md"), report.markdown());
            Files.writeString(out.resolve(stamp + ".json"), report.json());
            System.out.println(report.markdown());
            System.out.println("written: " + out.resolve(stamp + ".md") + " and .json");
        }
    }

    /**
     * Starts the proxy of each chosen target, in {@link #SPECS}' order, and returns the targets. The targets
     * that are not devproxy send the cookie of the first devproxy target, so that every target gets requests of
     * the same size (or, with no devproxy target, a placeholder of a session cookie's size).
     */
    private static List<Target> start(Fleet fleet, HttpLoad http, Fleet.Started upstream, Predicate<Spec> chosen)
            throws Exception {
        Map<Spec, Fleet.Started> started = new LinkedHashMap<>();
        Map<Spec, String> cookies = new LinkedHashMap<>();
        for (Spec spec : SPECS) {
            if (!chosen.test(spec) || spec.slot() == DIRECT_SLOT) {
                continue;
            }
            String upstreamUrl = "http://127.0.0.1:" + upstream.ready()[spec.slot()];
            Fleet.Started proxy = spec.slot() == NGINX_SLOT
                    ? fleet.nginx(Integer.parseInt(upstream.ready()[NGINX_SLOT]))
                    : spec.mode() == null ? fleet.java(spec.process(), NioRelayFloor.class.getName(), upstreamUrl)
                    : fleet.java(spec.process(), ProxyHost.class.getName(), spec.mode(), upstreamUrl);
            started.put(spec, proxy);
            if (spec.devproxy()) {
                cookies.put(spec, bootstrap(http, proxy));
            }
        }
        String sameSize = cookies.values().stream().findFirst().orElse("devproxy_session=" + "x".repeat(300));
        List<Target> targets = new ArrayList<>();
        for (Spec spec : SPECS) {
            if (!chosen.test(spec)) {
                continue;
            }
            String cookie = cookies.getOrDefault(spec, sameSize);
            if (spec.slot() == DIRECT_SLOT) {
                targets.add(new Target(new Endpoint(spec.name(), Integer.parseInt(upstream.ready()[DIRECT_SLOT]), "",
                        cookie), 0, false, spec.proxies()));
                continue;
            }
            Fleet.Started proxy = started.get(spec);
            targets.add(new Target(new Endpoint(spec.name(), Integer.parseInt(proxy.ready()[1]), PREFIX, cookie),
                    proxy.pid(), spec.slot() != NGINX_SLOT, spec.proxies()));
        }
        return targets;
    }

    private static Sample measure(int round, Workload workload, Target target, HttpLoad http, WebSocketLoad ws,
            long upstreamPid, Duration duration) throws Exception {
        long self = ProcessHandle.current().pid();
        long proxy = target.proxyPid();
        double proxyBefore = proxy == 0 ? 0 : ProcStats.cpuSeconds(proxy);
        double compilerBefore = proxy == 0 ? 0 : ProcStats.compilerCpuSeconds(proxy);
        double upstreamBefore = ProcStats.cpuSeconds(upstreamPid);
        double clientBefore = ProcStats.cpuSeconds(self);
        Measured measured = workload.run(http, ws, target.endpoint(), duration);
        double proxyCpu = proxy == 0 ? 0 : ProcStats.cpuSeconds(proxy) - proxyBefore;
        double compilerCpu = proxy == 0 ? 0 : ProcStats.compilerCpuSeconds(proxy) - compilerBefore;
        return new Sample(round, target.endpoint().name(), workload, measured, proxyCpu, compilerCpu,
                ProcStats.cpuSeconds(upstreamPid) - upstreamBefore, ProcStats.cpuSeconds(self) - clientBefore,
                target.proxyPid() == 0 ? 0 : ProcStats.rssKiB(target.proxyPid()));
    }

    /** Follows the proxy's bootstrap URL once and returns the session cookie ({@code name=value}). */
    static String bootstrap(HttpLoad http, Fleet.Started proxy) throws Exception {
        return bootstrap(http, Integer.parseInt(proxy.ready()[1]), proxy.ready()[2]);
    }

    /** GETs {@code bootstrapPath} on {@code port} and returns the session cookie it sets ({@code name=value}). */
    static String bootstrap(HttpLoad http, int port, String bootstrapPath) throws Exception {
        ContentResponse response = http.client().newRequest(URI.create("http://127.0.0.1:" + port + bootstrapPath))
                .timeout(30, TimeUnit.SECONDS).send();
        String setCookie = response.getHeaders().get("Set-Cookie");
        if (response.getStatus() != 303 || setCookie == null) {
            throw new IllegalStateException("bootstrap answered " + response.getStatus());
        }
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
