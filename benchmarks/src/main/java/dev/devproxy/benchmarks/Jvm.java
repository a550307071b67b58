package dev.devproxy.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks another JVM, through {@code jcmd}, for a full GC and its live heap, or for its class histogram. */
final class Jvm {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private Jvm() {
    }

    /** Runs {@code GC.run} in {@code pid}, then returns the heap in use in KiB (the sum over G1's regions line). */
    static long liveHeapKiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = USED.matcher(info);
        return used.find() ? Long.parseLong(used.group(1)) : -1;
    }

    /** The live objects of {@code pid} by class ({@code GC.class_histogram}, which runs a full GC first). */
    static String classHistogram(long pid) throws IOException, InterruptedException {
        return jcmd(pid, "GC.class_histogram");
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
