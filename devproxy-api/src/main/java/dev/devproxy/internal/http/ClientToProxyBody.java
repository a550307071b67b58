package dev.devproxy.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Internal: not API. The browser's request body as the HTTP tunnel streams it upstream: it ends after
 * {@code Content-Length} bytes without asking the container again, and it never closes the container's
 * stream (the container does that when the exchange ends).
 *
 * <p>Why: Jetty's client may ask its content source for more after the last byte of a fixed-length body.
 * When the upstream has answered by then (an echo does), the exchange is already complete and Tomcat has
 * closed the request's stream; the extra read threw "Stream closed", which the tunnel took for an upstream
 * failure and cut the browser's connection: one POST in a few hundred under load (issue 8, POST echo).
 */
final class ClientToProxyBody extends FilterInputStream {
    private long remaining;

    /**
     * @param clientToProxy the container's request stream
     * @param contentLength the request's {@code Content-Length}, or -1 for a chunked body (read to its end)
     */
    ClientToProxyBody(InputStream clientToProxy, long contentLength) {
        super(clientToProxy);
        this.remaining = contentLength;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int asked = remaining > 0 ? (int) Math.min(length, remaining) : length;
        int read = super.read(buffer, offset, asked);
        if (read > 0 && remaining > 0) {
            remaining -= read;
        }
        return read;
    }

    @Override
    public void close() {
        // Left to the container, which closes the request's stream when the exchange ends.
    }
}
