package dev.devproxy.tomcat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.FakeUpstream;
import dev.devproxy.testkit.RawHttp;
import dev.devproxy.testkit.TestResponse;
import dev.devproxy.tomcat.TomcatServers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/**
 * A large download through devproxy on Tomcat goes through a 64 KiB write buffer, and the connection has its own 8 KiB
 * buffer back for whatever it serves next (issue 29: 1.64 s of CPU per GB through 8 KiB, 1.08 through 64 KiB).
 */
class TomcatWideWritesTest {
    private static final int LARGE = 4 * 1024 * 1024;

    @Test
    void aLargeDownloadIsWrittenWideAndTheConnectionGetsItsOwnBufferBack() throws Exception {
        try (ConformanceContext c = new ConformanceContext(TomcatWideWritesTest::start)) {
            assertThat(TomcatWideWrites.problem()).as("what this Tomcat lacks").isEmpty();
            String cookie = c.sessionCookie("alpha");
            int keptBefore = TomcatWideWrites.keptBuffers();
            try (Socket browser = c.connect()) {
                assertThat(writeBuffer(browser)).as("the connection's own write buffer").isEqualTo(8192);
                for (int download = 0; download < 3; download++) {
                    TestResponse large = RawHttp.send(browser, "GET /__ide/alpha/large?bytes=" + LARGE
                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n");
                    assertThat(large.status()).isEqualTo(200);
                    assertThat(large.body()).hasSize(LARGE);
                    for (int i = 0; i < LARGE; i++) {
                        if (large.body()[i] != FakeUpstream.patternByte(i)) {
                            throw new AssertionError("download " + download + ": byte " + i + " differs");
                        }
                    }
                    assertThat(writeBuffer(browser)).as("the write buffer after download " + download).isEqualTo(8192);
                }
            }
            assertThat(TomcatWideWrites.keptBuffers()).as("wide buffers given back for reuse, one at a time")
                    .isEqualTo(Math.max(keptBefore, 1));
        }
    }

    @Test
    void aSmallResponseIsLeftAlone() throws Exception {
        try (ConformanceContext c = new ConformanceContext(TomcatWideWritesTest::start)) {
            String cookie = c.sessionCookie("alpha");
            try (Socket browser = c.connect()) {
                TestResponse small = RawHttp.send(browser, "GET /__ide/alpha/large?bytes=4000 HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n");
                assertThat(small.body()).hasSize(4000);
                assertThat(writeBuffer(browser)).isEqualTo(8192);
            }
        }
    }

    /** The capacity of the write buffer of {@code browser}'s connection, as a servlet on it finds it. */
    private static int writeBuffer(Socket browser) throws IOException {
        TestResponse response = RawHttp.send(browser, "GET /app/write-buffer HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(response.status()).isEqualTo(200);
        return Integer.parseInt(response.text());
    }

    @SuppressWarnings("deprecation") // addServletMappingDecoded: see TomcatDevProxy.ensureDefaultServlet
    private static TomcatServers.Started start(dev.devproxy.DevProxy proxy) throws Exception {
        return TomcatServers.startWith(context -> {
            Tomcat.addServlet(context, "write-buffer", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    byte[] body = Integer.toString(TomcatWideWrites.writeBufferCapacity(request))
                            .getBytes(StandardCharsets.US_ASCII);
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                }
            });
            context.addServletMappingDecoded("/app/write-buffer", "write-buffer", false);
        }, proxy);
    }
}
