package dev.devproxy.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Summarises a run: medians with their spread (min–max over rounds), throughput ratios against DIRECT and
 * nginx taken round by round, the proxies' CPU per unit and memory per idle pair, and every error count.
 */
final class Report {
    /** The idle-connection result of one proxy in one round. */
    record Idle(int round, String target, IdleScale.Result result) {
    }

    private static final String DIRECT = "DIRECT";
    private static final String NGINX = "NGINX";
    private final String stamp;
    private final int rounds;
    private final Duration duration;
    private final int idlePairs;
    private final List<Sample> samples;
    private final List<Idle> idle;
    private final Map<String, Long> infoLines;
    private final Set<String> targets = new LinkedHashSet<>();

    Report(String stamp, int rounds, Duration duration, int idlePairs, List<Sample> samples, List<Idle> idle,
            Map<String, Long> infoLines) {
        this.stamp = stamp;
        this.rounds = rounds;
        this.duration = duration;
        this.idlePairs = idlePairs;
        this.samples = samples;
        this.idle = idle;
        this.infoLines = infoLines;
        samples.forEach(s -> targets.add(s.target()));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# devproxy benchmark ").append(stamp).append(" UTC\n\n");
        md.append("- machine: ").append(machine()).append('\n');
        md.append("- engine: ").append(System.getProperty("devproxy.bench.source", "unknown (not run by run.sh)"))
                .append('\n');
        md.append("- versions: Java ").append(System.getProperty("java.version")).append(", Jetty ")
                .append(org.eclipse.jetty.util.Jetty.VERSION).append(", Tomcat ")
                .append(org.apache.catalina.util.ServerInfo.getServerNumber()).append(", ").append(nginxVersion())
                .append('\n');
        md.append("- ").append(rounds).append(" rounds of ").append(duration.toSeconds())
                .append(" s per workload and target, interleaved; idle test with ").append(idlePairs)
                .append(" pairs; proxy JVMs: ").append((String.join(" ", Fleet.JVM_OPTIONS) + " " + Fleet.extraProxyOptions()).trim())
                .append("\n\n");
        md.append("## Throughput (median [min–max] over rounds)\n\n| workload | unit |");
        targets.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n|---|---|").append("---|".repeat(targets.size())).append('\n');
        for (Workload w : workloads()) {
            md.append("| ").append(w.label).append(" | ").append(w.throughputUnit).append(" |");
            for (String t : targets) {
                md.append(' ').append(spread(values(w, t, s -> w.throughput(s.measured())))).append(" |");
            }
            md.append('\n');
        }
        md.append("\n## Throughput ratios (per round, median [min–max]); target: devproxy/DIRECT ≥ NGINX/DIRECT\n\n");
        md.append("| workload | NGINX/DIRECT |");
        proxies().forEach(t -> md.append(' ').append(t).append("/DIRECT | ").append(t).append("/NGINX | met? |"));
        md.append("\n|---|---|").append("---|---|---|".repeat(proxies().size())).append('\n');
        for (Workload w : workloads()) {
            double[] nginx = ratios(w, NGINX, DIRECT);
            md.append("| ").append(w.label).append(" | ").append(spread(nginx)).append(" |");
            for (String t : proxies()) {
                double[] direct = ratios(w, t, DIRECT);
                md.append(' ').append(spread(direct)).append(" | ").append(spread(ratios(w, t, NGINX))).append(" | ")
                        .append(verdict(median(direct) >= median(nginx), median(direct))).append(" |");
            }
            md.append('\n');
        }
        md.append("\n## Latency (µs, median over rounds of p50 / p99)\n\n| workload |");
        targets.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n|---|").append("---|".repeat(targets.size())).append('\n');
        for (Workload w : workloads()) {
            if (w.bulk) {
                continue;
            }
            md.append("| ").append(w.label).append(" |");
            for (String t : targets) {
                double p50 = median(values(w, t, s -> s.measured().p50Micros()));
                double p99 = median(values(w, t, s -> s.measured().p99Micros()));
                md.append(Double.isNaN(p50) ? " – |" : String.format(Locale.ROOT, " %.0f / %.0f |", p50, p99));
            }
            md.append('\n');
        }
        md.append("\n## Proxy CPU per unit (median [min–max]); target: at most 1.5× NGINX\n\n| workload | unit |");
        proxiesWithNginx().forEach(t -> md.append(' ').append(t).append(" |"));
        proxies().forEach(t -> md.append(' ').append(t).append("/NGINX | met? |"));
        md.append("\n|---|---|").append("---|".repeat(proxiesWithNginx().size()))
                .append("---|---|".repeat(proxies().size())).append('\n');
        for (Workload w : workloads()) {
            md.append("| ").append(w.label).append(" | ").append(w.cpuUnit).append(" |");
            for (String t : proxiesWithNginx()) {
                md.append(' ').append(spread(values(w, t, s -> w.cpuPerUnit(s.proxyCpu(), s.measured())))).append(" |");
            }
            double nginx = median(values(w, NGINX, s -> w.cpuPerUnit(s.proxyCpu(), s.measured())));
            for (String t : proxies()) {
                double ratio = median(values(w, t, s -> w.cpuPerUnit(s.proxyCpu(), s.measured()))) / nginx;
                md.append(String.format(Locale.ROOT, " %s | %s |", number(ratio), verdict(ratio <= 1.5, ratio)));
            }
            md.append('\n');
        }
        md.append("\n## Of each JVM proxy's CPU, its JIT compiler threads' (%, median [min–max] over rounds): above a few"
                + " percent, the figure is still inside warm-up\n\n| workload |");
        proxies().forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n|---|").append("---|".repeat(proxies().size())).append('\n');
        for (Workload w : workloads()) {
            md.append("| ").append(w.label).append(" |");
            for (String t : proxies()) {
                md.append(' ').append(spread(values(w, t, s -> 100 * s.proxyCompilerCpu() / s.proxyCpu()))).append(" |");
            }
            md.append('\n');
        }
        md.append("\n## Load client and upstream CPU per unit (median): the same work whatever the target\n\n");
        md.append("| workload | process |");
        targets.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n|---|---|").append("---|".repeat(targets.size())).append('\n');
        for (Workload w : workloads()) {
            for (String process : List.of("client", "upstream")) {
                md.append("| ").append(w.label).append(" | ").append(process).append(" (").append(w.cpuUnit).append(") |");
                for (String t : targets) {
                    md.append(String.format(Locale.ROOT, " %s |", number(median(values(w, t, s -> w.cpuPerUnit(
                            process.equals("client") ? s.clientCpu() : s.upstreamCpu(), s.measured()))))));
                }
                md.append('\n');
            }
        }
        md.append("\n## Errors (sums over all rounds; every one must be 0)\n\n")
                .append("| target | errors | lost | misordered | corrupt |\n|---|---|---|---|---|\n");
        for (String t : targets) {
            md.append("| ").append(t).append(" | ").append(sum(t, Measured::errors)).append(" | ")
                    .append(sum(t, Measured::lost)).append(" | ").append(sum(t, Measured::misordered)).append(" | ")
                    .append(sum(t, Measured::corrupt)).append(" |\n");
        }
        if (!idle.isEmpty()) {
            md.append("\n## Idle WebSockets through the proxy; target: ≤ 20 KiB per pair, 0 failed, memory returned\n\n")
                    .append("| round | target | pairs | failed | open s | RSS before KiB | RSS open KiB | RSS after close KiB"
                            + " | RSS per pair KiB | live heap per pair KiB | live heap before / after close KiB |\n"
                            + "|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Idle i : idle) {
                IdleScale.Result r = i.result();
                md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %.1f | %d | %d | %d | %.1f | %s | %s |%n", i.round(),
                        i.target(), r.pairs(), r.failed() + r.misordered() + r.corrupt(), r.openSeconds(),
                        r.rssBeforeKiB(), r.rssOpenKiB(), r.rssAfterKiB(), r.rssPerPairKiB(), number(r.heapPerPairKiB()),
                        r.heapBeforeKiB() < 0 ? "–" : r.heapBeforeKiB() + " / " + r.heapAfterKiB()));
            }
        }
        md.append("\n## Log lines at INFO in the proxies' logs over the whole run\n\n");
        infoLines.forEach((name, count) -> md.append("- ").append(name).append(": ").append(count).append('\n'));
        return md.toString();
    }

    String json() {
        StringBuilder json = new StringBuilder("{\"stamp\":\"").append(stamp).append("\",\"samples\":[\n");
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Measured m = s.measured();
            json.append(String.format(Locale.ROOT, "{\"round\":%d,\"target\":\"%s\",\"workload\":\"%s\",\"operations\":%d,"
                    + "\"errors\":%d,\"bytes\":%d,\"nanos\":%d,\"p50us\":%s,\"p99us\":%s,\"lost\":%d,\"misordered\":%d,"
                    + "\"corrupt\":%d,\"proxyCpuS\":%.3f,\"proxyCompilerCpuS\":%.3f,\"upstreamCpuS\":%.3f,\"clientCpuS\":%.3f,"
                    + "\"proxyRssKiB\":%d}",
                    s.round(), s.target(), s.workload(), m.operations(), m.errors(), m.bytes(), m.nanos(),
                    jsonNumber(m.p50Micros()), jsonNumber(m.p99Micros()), m.lost(), m.misordered(), m.corrupt(),
                    s.proxyCpu(), s.proxyCompilerCpu(), s.upstreamCpu(), s.clientCpu(), s.proxyRssKiB()));
            json.append(i + 1 < samples.size() ? ",\n" : "\n");
        }
        json.append("],\"idle\":[\n");
        for (int i = 0; i < idle.size(); i++) {
            IdleScale.Result r = idle.get(i).result();
            json.append(String.format(Locale.ROOT, "{\"round\":%d,\"target\":\"%s\",\"pairs\":%d,\"failed\":%d,"
                    + "\"rssBeforeKiB\":%d,\"rssOpenKiB\":%d,\"rssAfterKiB\":%d,\"heapBeforeKiB\":%d,\"heapOpenKiB\":%d,"
                    + "\"heapAfterKiB\":%d,\"openSeconds\":%.2f,\"lost\":%d,\"misordered\":%d,\"corrupt\":%d}", idle.get(i).round(),
                    idle.get(i).target(), r.pairs(), r.failed(), r.rssBeforeKiB(), r.rssOpenKiB(), r.rssAfterKiB(),
                    r.heapBeforeKiB(), r.heapOpenKiB(), r.heapAfterKiB(), r.openSeconds(), r.lost(), r.misordered(), r.corrupt()));
            json.append(i + 1 < idle.size() ? ",\n" : "\n");
        }
        return json.append("]}\n").toString();
    }

    private List<Workload> workloads() {
        return samples.stream().map(Sample::workload).distinct().toList();
    }

    private List<String> proxies() {
        return targets.stream().filter(t -> !t.equals(DIRECT) && !t.equals(NGINX)).toList();
    }

    private List<String> proxiesWithNginx() {
        return targets.stream().filter(t -> !t.equals(DIRECT)).toList();
    }

    private double[] values(Workload w, String target, ToDoubleFunction<Sample> value) {
        return samples.stream().filter(s -> s.workload() == w && s.target().equals(target)).mapToDouble(value).toArray();
    }

    /** {@code target}'s throughput over {@code reference}'s, round by round. */
    private double[] ratios(Workload w, String target, String reference) {
        List<Double> out = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            int r = round;
            double mine = samples.stream().filter(s -> s.round() == r && s.workload() == w && s.target().equals(target))
                    .mapToDouble(s -> w.throughput(s.measured())).findFirst().orElse(Double.NaN);
            double theirs = samples.stream().filter(s -> s.round() == r && s.workload() == w
                    && s.target().equals(reference)).mapToDouble(s -> w.throughput(s.measured())).findFirst()
                    .orElse(Double.NaN);
            out.add(mine / theirs);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private long sum(String target, java.util.function.ToLongFunction<Measured> field) {
        return samples.stream().filter(s -> s.target().equals(target)).mapToLong(s -> field.applyAsLong(s.measured())).sum();
    }

    /** "yes", "**no**", or "–" where the target did not run the workload. */
    private static String verdict(boolean met, double value) {
        return Double.isNaN(value) ? "–" : met ? "yes" : "**no**";
    }

    static double median(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String spread(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return "–";
        }
        return number(median(sorted)) + " [" + number(sorted[0]) + "–" + number(sorted[sorted.length - 1]) + "]";
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        return String.format(Locale.ROOT, abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f", value);
    }

    private static String jsonNumber(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String machine() {
        String model = "unknown CPU";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(model);
        } catch (java.io.IOException e) {
            // Not Linux: the report says so.
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), shared with other work; "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static String nginxVersion() {
        try {
            Process process = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            process.waitFor();
            return out.replace("nginx version: ", "");
        } catch (java.io.IOException | InterruptedException e) {
            return "nginx (version unknown)";
        }
    }
}
