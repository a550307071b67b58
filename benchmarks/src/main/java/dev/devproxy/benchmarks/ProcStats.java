package dev.devproxy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and memory of a process tree from {@code /proc} (Linux): utime + stime of a process and its
 * children (nginx's master and worker), of a JVM's JIT compiler threads, VmRSS, and the number of open descriptors.
 */
public final class ProcStats {
    /** Linux's USER_HZ: /proc/[pid]/stat counts CPU time in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** utime + stime of {@code pid} and its descendants, in seconds. */
    public static double cpuSeconds(long pid) {
        double total = 0;
        for (long each : tree(pid)) {
            try {
                total += ticks(Files.readString(Path.of("/proc/" + each + "/stat"))) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                // The process ended between listing and reading: it no longer counts.
            }
        }
        return total;
    }

    /**
     * utime + stime of {@code pid}'s JIT compiler threads (HotSpot's {@code C1 CompilerThread*} and
     * {@code C2 CompilerThread*}), in seconds; 0 for a process that has none (nginx). Compiling is a cost of a JVM
     * that has not finished warming up; reported apart, it tells a figure still inside warm-up from a settled one.
     */
    public static double compilerCpuSeconds(long pid) {
        double total = 0;
        try (var threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path thread : threads.toList()) {
                try {
                    String name = Files.readString(thread.resolve("comm")).trim();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        total += ticks(Files.readString(thread.resolve("stat"))) / TICKS_PER_SECOND;
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended between listing and reading: it no longer counts.
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process is gone: nothing to count.
        }
        return total;
    }

    /** VmRSS of {@code pid} and its descendants, in KiB. */
    public static long rssKiB(long pid) {
        long total = 0;
        for (long each : tree(pid)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + each + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Gone meanwhile.
            }
        }
        return total;
    }

    /** Open file descriptors of {@code pid} and its descendants. */
    public static long descriptors(long pid) {
        long total = 0;
        for (long each : tree(pid)) {
            try (var files = Files.list(Path.of("/proc/" + each + "/fd"))) {
                total += files.count();
            } catch (IOException | RuntimeException e) {
                // Gone meanwhile.
            }
        }
        return total;
    }

    // utime + stime of a /proc stat line, in ticks. After the command: state(0) ... utime is field 14 of the whole
    // line, index 11 here.
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static List<Long> tree(long pid) {
        List<Long> all = new ArrayList<>();
        all.add(pid);
        for (int i = 0; i < all.size(); i++) {
            Path children = Path.of("/proc/" + all.get(i) + "/task/" + all.get(i) + "/children");
            try {
                for (String child : Files.readString(children).trim().split("\\s+")) {
                    if (!child.isEmpty()) {
                        all.add(Long.parseLong(child));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // No children file (not Linux, or the process is gone): just this one.
            }
        }
        return all;
    }
}
