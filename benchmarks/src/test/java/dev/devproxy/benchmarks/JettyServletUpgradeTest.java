package dev.devproxy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * A fact about the Jetty this build uses, which the byte-relay floor of docs/benchmarks.md depends on: Servlet
 * protocol upgrade ({@link HttpServletRequest#upgrade}) on Jetty 12.1.14 ee10 answers 101, then reports the upgraded
 * input as already ended, before any byte the client sends after the 101. That is why BYTE_RELAY_TOMCAT has no Jetty
 * twin. When this test fails after a Jetty upgrade, Jetty delivers the bytes: add the Jetty twin and update the docs.
 */
class JettyServletUpgradeTest {
    /** Counts what the upgraded connection delivers, and notes when Jetty says the input has ended. */
    public static final class Recorder implements HttpUpgradeHandler {
        static final CountDownLatch ENDED = new CountDownLatch(1);
        static final AtomicInteger BYTES = new AtomicInteger();

        /** For the container, which instantiates upgrade handlers itself. */
        public Recorder() {
        }

        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream in = connection.getInputStream();
                connection.getOutputStream().flush(); // Jetty sends the 101 with the first flush
                in.setReadListener(new ReadListener() {
                    private final byte[] buffer = new byte[64];

                    @Override
                    public void onDataAvailable() throws IOException {
                        while (in.isReady()) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                ENDED.countDown();
                                return;
                            }
                            BYTES.addAndGet(n);
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                        ENDED.countDown();
                    }

                    @Override
                    public void onError(Throwable failure) {
                        ENDED.countDown();
                    }
                });
            } catch (IOException e) {
                ENDED.countDown();
            }
        }

        @Override
        public void destroy() {
        }
    }

    @Test
    void jetty12_1_14EndsTheUpgradedInputBeforeAnyByteArrives() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setStatus(101);
                response.setHeader("Upgrade", "echo");
                response.setHeader("Connection", "Upgrade");
                try {
                    request.upgrade(Recorder.class);
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String statusLine = ByteRelayServlet.readHead(socket.getInputStream()).split("\r\n")[0];
            assertThat(statusLine).isEqualTo("HTTP/1.1 101 Switching Protocols");
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();

            assertThat(Recorder.ENDED.await(5, TimeUnit.SECONDS)).as("Jetty reports the upgraded input ended").isTrue();
            assertThat(Recorder.BYTES.get()).as("bytes the upgraded connection delivered").isZero();
        } finally {
            server.stop();
        }
    }
}
