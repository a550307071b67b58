package dev.devproxy.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The idle-connection workload: open {@code pairs} WebSockets through the proxy, prove every one alive
 * (one checked echo and one ping each), measure the proxy's memory, close them all and measure again once
 * the proxy has let go of the descriptors.
 */
public final class IdleScale {
    /**
     * What the idle workload found.
     *
     * @param pairs sockets asked for
     * @param failed sockets that did not open, or did not answer the echo or the ping
     * @param rssBeforeKiB proxy RSS before opening
     * @param rssOpenKiB proxy RSS with every socket open
     * @param rssAfterKiB proxy RSS after all closed
     * @param heapBeforeKiB live heap after a full GC before opening (JVM proxies; -1 otherwise)
     * @param heapOpenKiB live heap after a full GC with every socket open (JVM proxies; -1 otherwise)
     * @param heapAfterKiB live heap after a full GC once all are closed (JVM proxies; -1 otherwise)
     * @param openSeconds how long opening all took
     * @param lost echoes that never came back
     * @param misordered echoes out of order
     * @param corrupt echoes with a bad checksum
     */
    public record Result(int pairs, long failed, long rssBeforeKiB, long rssOpenKiB, long rssAfterKiB,
            long heapBeforeKiB, long heapOpenKiB, long heapAfterKiB, double openSeconds, long lost, long misordered, long corrupt) {
        /** Proxy RSS growth per open pair, KiB. */
        public double rssPerPairKiB() {
            return (rssOpenKiB - rssBeforeKiB) / (double) pairs;
        }

        /** Live-heap growth per open pair, KiB (JVM proxies), or NaN. */
        public double heapPerPairKiB() {
            return heapBeforeKiB < 0 ? Double.NaN : (heapOpenKiB - heapBeforeKiB) / (double) pairs;
        }
    }

    private IdleScale() {
    }

    /**
     * Runs the workload through {@code endpoint}, whose proxy process is {@code proxyPid}. A JVM proxy's
     * class histograms with every socket open and after all closed are written to {@code histograms}
     * {@code + "-open.txt"} and {@code + "-closed.txt"} (what each pair's memory is made of, and what stays).
     */
    public static Result run(WebSocketLoad load, Endpoint endpoint, int pairs, long proxyPid, boolean jvm,
            Path histograms) throws Exception {
        long heapBefore = jvm ? Jvm.liveHeapKiB(proxyPid) : -1;
        long rssBefore = ProcStats.rssKiB(proxyPid);
        long descriptorsBefore = ProcStats.descriptors(proxyPid);
        StreamCheck check = new StreamCheck();
        CountDownLatch echoes = new CountDownLatch(pairs);
        List<LoadSocket> sockets = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            sockets.add(new LoadSocket(check, socket -> echoes.countDown()));
        }
        long start = System.nanoTime();
        long failed = load.connectAll(endpoint, sockets);
        double openSeconds = (System.nanoTime() - start) / 1e9;
        for (LoadSocket socket : sockets) {
            if (socket.session() == null) {
                echoes.countDown();
                continue;
            }
            socket.sendText(64);
            socket.session().sendPing(java.nio.ByteBuffer.allocate(4), org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
        echoes.await(120, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (LoadSocket socket : sockets) {
            if (socket.session() != null
                    && !socket.pong.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                failed++;
            }
        }
        failed += check.lost();
        long heapOpen = jvm ? Jvm.liveHeapKiB(proxyPid) : -1;
        if (jvm) {
            histogram(histograms, "open", proxyPid);
        }
        long rssOpen = ProcStats.rssKiB(proxyPid);
        load.closeAll(sockets);
        long released = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ProcStats.descriptors(proxyPid) > descriptorsBefore + 16 && System.nanoTime() < released) {
            Thread.sleep(200); // polling the proxy's descriptor table, bounded by the deadline above
        }
        long heapAfter = jvm ? settledHeapKiB(proxyPid) : -1;
        if (jvm) {
            histogram(histograms, "closed", proxyPid);
        }
        long rssAfter = ProcStats.rssKiB(proxyPid);
        return new Result(pairs, failed, rssBefore, rssOpen, rssAfter, heapBefore, heapOpen, heapAfter, openSeconds, check.lost(),
                check.misordered(), check.corrupt());
    }

    private static void histogram(Path stem, String state, long pid) throws Exception {
        Files.writeString(stem.resolveSibling(stem.getFileName() + "-" + state + ".txt"), Jvm.classHistogram(pid));
    }

    /**
     * The live heap once it stops falling. The descriptors go first; the sessions' close callbacks finish a moment
     * later (up to about 3 s at 9 000 pairs here: the relays are still referenced until then), so the heap is read
     * each second until two readings are within 2% of each other, for at most 30 s.
     */
    private static long settledHeapKiB(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long heap = Jvm.liveHeapKiB(pid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000); // between two full GCs of the proxy, bounded by the deadline above
            long next = Jvm.liveHeapKiB(pid);
            if (next >= heap * 0.98) {
                return Math.min(heap, next);
            }
            heap = next;
        }
        return heap;
    }
}
