package dev.devproxy.e2e;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A desktop behind noVNC: a virtual X server (Xvfb) with an xterm in its top-left corner, its VNC server
 * (x11vnc, loopback only, no password: devproxy is the gate) and websockify serving Debian's noVNC pages and
 * bridging WebSocket to VNC. The browser test double-clicks a word in the xterm and sees the screen change.
 */
final class VncDesktop implements AutoCloseable {
    /** Where, in desktop pixels, a double-click lands on the xterm's first word. */
    static final int CLICK_X = 20;
    static final int CLICK_Y = 8;
    private static final Duration START = Duration.ofSeconds(30);

    private final List<AppProcess> processes;
    private final URI uri;

    private VncDesktop(List<AppProcess> processes, URI uri) {
        this.processes = processes;
        this.uri = uri;
    }

    static VncDesktop start(Path scratch) throws Exception {
        List<AppProcess> started = new ArrayList<>();
        try {
            // -displayfd: Xvfb picks a free display itself and writes its number there once it is ready.
            Path displayFile = scratch.resolve("xvfb-display");
            Files.deleteIfExists(displayFile);
            AppProcess xvfb = AppProcess.start("xvfb", List.of("sh", "-c",
                    "exec Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>" + displayFile), scratch, Map.of());
            started.add(xvfb);
            String display = ":" + readDisplay(xvfb, displayFile);
            started.add(AppProcess.start("xterm", List.of("xterm", "-geometry", "80x24+0+0", "-e", "bash"),
                    scratch, Map.of("DISPLAY", display, "HOME", scratch.toString())));
            int vncPort = FreePorts.next();
            started.add(AppProcess.start("x11vnc", List.of("x11vnc", "-display", display, "-rfbport",
                    String.valueOf(vncPort), "-localhost", "-nopw", "-forever", "-shared", "-quiet"), scratch, Map.of()));
            int webPort = FreePorts.next();
            URI uri = URI.create("http://127.0.0.1:" + webPort);
            AppProcess websockify = AppProcess.start("websockify", List.of("websockify", "--web",
                    E2eEnvironment.NOVNC_WEB.toString(), "127.0.0.1:" + webPort, "127.0.0.1:" + vncPort), scratch, Map.of());
            started.add(websockify);
            websockify.awaitHttp(uri.resolve("/vnc.html"), START);
            return new VncDesktop(started, uri);
        } catch (Exception | AssertionError e) {
            closeAll(started);
            throw e;
        }
    }

    /** Waits for the display number Xvfb writes to {@code file} once it is ready to take clients. */
    private static String readDisplay(AppProcess xvfb, Path file) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            xvfb.assertAlive();
            String display = Files.exists(file) ? Files.readString(file).strip() : "";
            if (display.matches("\\d+")) {
                return display;
            }
            Thread.sleep(100);   // polling a file another process writes, bounded by the deadline above
        }
        throw new AssertionError("Xvfb wrote no display number within " + START + "; its log ends:\n" + xvfb.logTail());
    }

    URI uri() {
        return uri;
    }

    void assertAlive() {
        processes.forEach(AppProcess::assertAlive);
    }

    @Override
    public void close() throws InterruptedException {
        closeAll(processes);
    }

    private static void closeAll(List<AppProcess> processes) throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
