package dev.devproxy.tomcat.internal;

import dev.devproxy.adapter.BrowserSide;
import dev.devproxy.adapter.ContainerAdapter;
import dev.devproxy.adapter.Probe;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: not API. The {@link ContainerAdapter} of Tomcat 10.1 and 11: the browser's connection is upgraded
 * through Tomcat's own upgrade interface ({@link TomcatUpgradedBrowser}), and a plain socket of the NIO connector is
 * then handed over to the engine's relay loop ({@link TomcatSocketHandover}) unless the application keeps sockets on
 * Tomcat. What each needs of Tomcat's classes is probed when the proxy is installed ({@link #probe}).
 */
public final class TomcatAdapter implements ContainerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy");

    private final boolean handOver;
    private final AtomicBoolean warnedKeptOnTomcat = new AtomicBoolean();

    /** @param handOver whether plain NIO sockets move to the engine's relay loop */
    public TomcatAdapter(boolean handOver) {
        this.handOver = handOver;
    }

    /**
     * The adapter for this Tomcat, or empty if Tomcat's upgrade interface is not what {@link TomcatUpgradedBrowser}
     * was compiled against (the engine then relays through Tomcat's WebSocket server). The hand-over is dropped alone
     * if only what it needs is missing. Each problem is logged once, at WARN, with what is missing.
     *
     * @param handOver whether the application wants plain NIO sockets moved to the engine's relay loop
     */
    public static Optional<ContainerAdapter> probe(boolean handOver) {
        return probe(handOver, upgradeProblem(), handOver ? handOverProblem() : Optional.empty());
    }

    /**
     * As {@link #probe(boolean)}, with what the probe found given: {@code upgrade} for
     * {@link TomcatUpgradedBrowser}, {@code handover} for {@link TomcatSocketHandover}. For tests of the
     * fallback.
     */
    public static Optional<ContainerAdapter> probe(boolean handOver, Optional<String> upgrade,
            Optional<String> handover) {
        if (upgrade.isPresent()) {
            LOG.warn("devproxy cannot take WebSocket sockets over on this Tomcat, so it relays them through Tomcat's own"
                    + " WebSocket server (more CPU per message, same behaviour): {}", upgrade.get());
            return Optional.empty();
        }
        if (handOver && handover.isPresent()) {
            LOG.warn("devproxy cannot move WebSocket sockets off this Tomcat's connector, so Tomcat reads and writes"
                    + " them (more CPU per message, same behaviour): {}", handover.get());
            return Optional.of(new TomcatAdapter(false));
        }
        if (handOver) {
            TomcatSocketBuffers.problem().ifPresent(problem -> LOG.info("devproxy leaves Tomcat's two socket buffers"
                    + " (16 KiB by default) with each WebSocket it relays on this Tomcat: {}", problem));
        }
        return Optional.of(new TomcatAdapter(handOver));
    }

    /** What {@link TomcatUpgradedBrowser} needs of Tomcat and does not find, or empty. */
    public static Optional<String> upgradeProblem() {
        return Probe.run(probe -> probe
                .complete(TomcatUpgradedBrowser.class)
                .method(HttpServletRequest.class, "upgrade", Class.class)
                .method(SocketWrapperBase.class, "read", boolean.class, ByteBuffer.class)
                .method(SocketWrapperBase.class, "write", SocketWrapperBase.BlockingMode.class, long.class,
                        TimeUnit.class, Object.class, SocketWrapperBase.CompletionCheck.class, CompletionHandler.class,
                        ByteBuffer[].class)
                .field(SocketWrapperBase.class, "COMPLETE_WRITE")
                .method(SocketWrapperBase.class, "processSocket", SocketEvent.class, boolean.class)
                .method(SocketWrapperBase.class, "isClosed"));
    }

    /** What {@link TomcatSocketHandover} needs of Tomcat and does not find, or empty. */
    public static Optional<String> handOverProblem() {
        return Probe.run(probe -> probe
                .method(NioChannel.class, "getIOChannel")
                .method(NioEndpoint.NioSocketWrapper.class, "getSocket")
                .method(SocketWrapperBase.class, "flush", boolean.class)
                .method(SocketWrapperBase.class, "hasDataToWrite")
                .method(SocketWrapperBase.class, "getSocketBufferHandler")
                .method(SocketBufferHandler.class, "isReadBufferEmpty")
                .method(SocketBufferHandler.class, "configureReadBufferForRead")
                .method(SocketBufferHandler.class, "getReadBuffer"));
    }

    @Override
    public boolean upgrade(HttpServletRequest request, HttpServletResponse response, List<Header> headers,
            BrowserSide browser) {
        response.setStatus(101);
        for (Header header : headers) {
            response.addHeader(header.name(), header.value());
        }
        try {
            request.upgrade(TomcatUpgradedBrowser.class).bind(browser, this);
            return true;
        } catch (IOException | ServletException e) {
            return false;
        }
    }

    @Override
    public boolean writerInOwnDispatch() {
        return true; // see benchmarks/results/2026-12-07-1800-tomcat-lost-request.txt
    }

    @Override
    public Runnable widenWrites(HttpServletRequest request, int bytes) {
        try {
            return TomcatWideWrites.widen(request, bytes);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("cannot widen the connection's writes: {}", e.toString());
            return null;
        }
    }

    /** Whether plain NIO sockets move to the engine's relay loop. */
    boolean handsOver() {
        return handOver;
    }

    /**
     * A plain socket that was to move stays on Tomcat's I/O, because its connector's sockets cannot be selected (NIO2,
     * or a connector devproxy does not know): said once, at WARN.
     */
    void keptOnTomcat(SocketWrapperBase<?> socket) {
        if (!warnedKeptOnTomcat.getAndSet(true)) {
            LOG.warn("devproxy cannot move WebSocket sockets of this Tomcat connector ({}) to its relay loop, so Tomcat"
                    + " reads and writes them (more CPU per message, same behaviour); Tomcat's NIO connector allows"
                    + " it", socket.getClass().getName());
        }
    }
}
