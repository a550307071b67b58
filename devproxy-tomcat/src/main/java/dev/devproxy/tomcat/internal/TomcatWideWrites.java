package dev.devproxy.tomcat.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.RequestFacade;
import org.apache.coyote.OutputBuffer;
import org.apache.coyote.http11.Http11OutputBuffer;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Internal: not API. Gives a connection of Tomcat's NIO connector a 64 KiB write buffer while the HTTP tunnel streams
 * a large response body to it, and its own buffer back afterwards ({@code ContainerAdapter.widenWrites}).
 *
 * <p>Why: Tomcat writes non-blocking output through the connection's socket write buffer ({@code
 * socket.appWriteBufSize}, 8 KiB by default), one system call per 8 KiB, and copies what the socket refuses into a
 * queue that its poller finishes. The tunnel writes 64 KiB chunks; through the 8 KiB buffer a download on Tomcat cost
 * 1.64 s of CPU per GB, against 1.08 with 64 KiB socket buffers on every connection (benchmarks, 2026-12-07). Widening
 * only the connections that stream a large body gives that saving without 56 KiB more for every idle keep-alive
 * connection.
 *
 * <p>Tomcat has no API for it: the connection is reached from the request through fields ({@code RequestFacade
 * .request}, {@code org.apache.coyote.Response.outputBuffer}, {@code Http11OutputBuffer.socketWrapper}) and the
 * buffer is swapped through the field {@link TomcatSocketBuffers} already sets, all probed once; on a Tomcat where
 * any is missing, nothing is widened. A buffer is swapped only while it holds nothing, switched to writing first, so
 * that Tomcat finds an empty buffer in the state it left one in. Wide buffers are kept for reuse, a few at most.
 */
final class TomcatWideWrites {
    /** The width the tunnel's chunks have (HttpTunnel reads upstream bodies 64 KiB at a time). */
    static final int WIDTH = 64 * 1024;
    private static final int KEPT_BUFFERS = 16;
    private static final VarHandle FACADE_REQUEST;
    private static final VarHandle OUTPUT_BUFFER;
    private static final VarHandle SOCKET_WRAPPER;
    private static final String PROBLEM;
    private static final BlockingQueue<ByteBuffer> KEPT = new ArrayBlockingQueue<>(KEPT_BUFFERS);

    static {
        VarHandle facade = null;
        VarHandle output = null;
        VarHandle socket = null;
        String problem = TomcatSocketBuffers.problem().orElse(null);
        try {
            facade = MethodHandles.privateLookupIn(RequestFacade.class, MethodHandles.lookup())
                    .findVarHandle(RequestFacade.class, "request", Request.class);
            output = MethodHandles.privateLookupIn(org.apache.coyote.Response.class, MethodHandles.lookup())
                    .findVarHandle(org.apache.coyote.Response.class, "outputBuffer", OutputBuffer.class);
            socket = MethodHandles.privateLookupIn(Http11OutputBuffer.class, MethodHandles.lookup())
                    .findVarHandle(Http11OutputBuffer.class, "socketWrapper", SocketWrapperBase.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "Tomcat's fields from a request to its connection cannot be read (" + e + ")";
        }
        FACADE_REQUEST = facade;
        OUTPUT_BUFFER = output;
        SOCKET_WRAPPER = socket;
        PROBLEM = problem;
    }

    private TomcatWideWrites() {
    }

    /** Why this Tomcat's connections cannot be widened, or empty if they can. */
    static Optional<String> problem() {
        return Optional.ofNullable(PROBLEM);
    }

    /**
     * Widens the write buffer of {@code request}'s connection if a chunk of {@code bytes} would not fit it, and returns
     * what narrows it again; null if nothing was changed (the chunk fits, the connection is not a plain HTTP/1.1 one
     * of the NIO connector, its buffer holds bytes, or this Tomcat cannot be reached into).
     */
    static Runnable widen(ServletRequest request, int bytes) {
        if (PROBLEM != null) {
            return null;
        }
        SocketWrapperBase<?> socket = socketOf(request);
        if (socket == null) {
            return null;
        }
        SocketBufferHandler buffers = socket.getSocketBufferHandler();
        ByteBuffer own = buffers.getWriteBuffer();
        if (own.capacity() >= Math.min(bytes, WIDTH) || socket.hasDataToWrite()) {
            return null;
        }
        ByteBuffer kept = KEPT.poll();
        ByteBuffer wide = kept != null ? kept
                : own.isDirect() ? ByteBuffer.allocateDirect(WIDTH) : ByteBuffer.allocate(WIDTH);
        if (!swap(socket, buffers, wide)) {
            KEPT.offer(wide);
            return null;
        }
        return () -> {
            if (swap(socket, buffers, own)) {
                KEPT.offer(wide);
            }
        };
    }

    /** Sets {@code buffers}' write buffer to {@code next}, cleared, if the socket has nothing left to write. */
    private static boolean swap(SocketWrapperBase<?> socket, SocketBufferHandler buffers, ByteBuffer next) {
        if (socket.hasDataToWrite()) {
            return false; // left as it is: only a failed response gets here, and its connection is being cut
        }
        buffers.configureWriteBufferForWrite();
        next.clear();
        TomcatSocketBuffers.setWriteBuffer(buffers, next);
        return true;
    }

    /** How many wide buffers wait for reuse; for tests. */
    static int keptBuffers() {
        return KEPT.size();
    }

    /** The capacity of the write buffer of {@code request}'s connection, or -1 if it cannot be found; for tests. */
    static int writeBufferCapacity(ServletRequest request) {
        SocketWrapperBase<?> socket = PROBLEM == null ? socketOf(request) : null;
        return socket == null ? -1 : socket.getSocketBufferHandler().getWriteBuffer().capacity();
    }

    private static SocketWrapperBase<?> socketOf(ServletRequest request) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        if (!(inner instanceof RequestFacade facade)) {
            return null;
        }
        Request catalina = (Request) FACADE_REQUEST.get(facade);
        if (catalina == null) {
            return null;
        }
        Object output = OUTPUT_BUFFER.get(catalina.getCoyoteRequest().getResponse());
        if (!(output instanceof Http11OutputBuffer http11)) {
            return null; // HTTP/2: the stream's frames are not this buffer's
        }
        Object socket = SOCKET_WRAPPER.get(http11);
        return socket instanceof NioEndpoint.NioSocketWrapper nio ? nio : null;
    }
}
