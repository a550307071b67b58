package dev.devproxy.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw WebSocket upstream that answers every upgrade with the {@code 101} response and its first text messages
 * in one write, so that they reach the proxy in one TCP segment: the proxy's client reads the messages together
 * with the handshake response, before anyone has asked it for a frame. VNC servers and the demo's scratchpad
 * speak first like this; only a timing accident of a real server shows it, this one shows it every time.
 * After that it reads and ignores whatever comes, until the proxy closes the connection.
 */
public final class EagerSocketUpstream implements AutoCloseable {
    private final List<String> greetings;
    private final RawListener listener;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    private EagerSocketUpstream(List<String> greetings) throws IOException {
        this.greetings = List.copyOf(greetings);
        listener = new RawListener("eager-upstream", this::serve);
    }

    /** Starts on 127.0.0.1, port 0; each socket is greeted with {@code greetings}, in order, with the 101. */
    public static EagerSocketUpstream start(String... greetings) throws IOException {
        return new EagerSocketUpstream(List.of(greetings));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return listener.uri();
    }

    /** The request line of every upgrade request received, byte for byte, in order. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(60_000);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            String head = RawHandshake.readHead(in);
            requestLines.add(head.substring(0, head.indexOf("\r\n")));
            answer.writeBytes(RawHandshake.acceptUpgrade(head));
            for (String greeting : greetings) {
                answer.writeBytes(textFrame(greeting));
            }
            out.write(answer.toByteArray());   // one write: the 101 and the messages travel together
            out.flush();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) != -1) {
                // Read and ignore until the proxy closes the connection.
            }
        } catch (IOException e) {
            // The proxy went away: nothing to do.
        }
    }

    /** An unmasked final text frame (a server's frames are never masked, RFC 6455 §5.1); payloads under 126 bytes. */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("greetings are short: at most 125 bytes");
        }
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        return frame;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
