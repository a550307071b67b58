package dev.devproxy.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientToProxyBodyTest {

    @Test
    void aFixedLengthBodyEndsWithoutAskingTheContainerAgain() throws IOException {
        ClosingStream container = new ClosingStream("hello, upstream");
        ClientToProxyBody body = new ClientToProxyBody(container, 15);

        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, upstream");
        container.close();
        // Tomcat throws "Stream closed" here once the exchange ended; the body must not ask.
        assertThat(body.read(new byte[8], 0, 8)).isEqualTo(-1);
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void aFixedLengthBodyNeverReadsPastItsLength() throws IOException {
        ClientToProxyBody body = new ClientToProxyBody(new ClosingStream("0123456789"), 4);

        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("0123");
    }

    @Test
    void aChunkedBodyIsReadToTheContainersEnd() throws IOException {
        ClientToProxyBody body = new ClientToProxyBody(new ClosingStream("chunked body"), -1);

        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("chunked body");
    }

    @Test
    void closingTheBodyLeavesTheContainersStreamOpen() throws IOException {
        ClosingStream container = new ClosingStream("abc");
        new ClientToProxyBody(container, 3).close();

        assertThat(container.read()).isEqualTo('a');
    }

    /** A request stream that, like Tomcat's, throws when read after it was closed. */
    private static final class ClosingStream extends InputStream {
        private final InputStream bytes;
        private boolean closed;

        ClosingStream(String content) {
            this.bytes = new ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public int read() throws IOException {
            if (closed) {
                throw new IOException("Stream closed");
            }
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("Stream closed");
            }
            return bytes.read(buffer, offset, length);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
