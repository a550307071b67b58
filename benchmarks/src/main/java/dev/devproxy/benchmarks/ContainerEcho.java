package dev.devproxy.benchmarks;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Not devproxy: the WebSocket echo of the benchmark's upstream served by a servlet container's own Jakarta
 * WebSocket server (Jetty ee10's or Tomcat's), at the path every proxy maps to the upstream's {@code /ws}. The
 * container-server floor of docs/benchmarks.md: what the container itself spends to accept a connection, parse
 * and dispatch the handshake through its servlet layer, upgrade, echo and close, with nothing proxied. Every
 * message goes back whole, same type, in order (a blocking send from the handler that received it).
 */
public final class ContainerEcho extends Endpoint {
    /**
     * Messages up to this size are taken whole: the benchmark's largest, 16 KiB, and no more, because Tomcat gives each
     * session text and binary buffers of this size once its first message arrives (at 1 MiB, zeroing them took a
     * quarter of Tomcat's CPU per socket opened).
     */
    private static final int MAX_MESSAGE = 16 * 1024; // Workload: WS_PIPELINED and WS_BROWSER_PIPELINED

    /** Registers the echo at {@code path} in {@code container}. */
    static void register(ServerContainer container, String path) {
        try {
            container.addEndpoint(ServerEndpointConfig.Builder.create(ContainerEcho.class, path).build());
        } catch (DeploymentException e) {
            throw new IllegalStateException("the echo endpoint was refused at " + path, e);
        }
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxBinaryMessageBufferSize(MAX_MESSAGE);
        session.setMaxTextMessageBufferSize(MAX_MESSAGE);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> send(() ->
                session.getBasicRemote().sendText(text)));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> send(() ->
                session.getBasicRemote().sendBinary(bytes)));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        // The container answers the close handshake itself.
    }

    private interface Send {
        void run() throws IOException;
    }

    private static void send(Send send) {
        try {
            send.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the container closes the session with 1011
        }
    }
}
