package dev.devproxy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and memory of a process tree from {@code /proc} (Linux): utime + stime of a process and its
 * children (nginx's master and worker), VmRSS, and the number of open descriptors.
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
                String stat = Files.readString(Path.of("/proc/" + each + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // After the command: state(0) ... utime is field 14 of the whole line, index 11 here.
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                // The process ended between listing and reading: it no longer counts.
            }
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
