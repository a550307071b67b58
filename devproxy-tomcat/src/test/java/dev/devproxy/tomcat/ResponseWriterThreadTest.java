package dev.devproxy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.TestResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

/**
 * The tunnel sets its response writer ({@code WriteListener}) in the request's own dispatch, on the container's
 * thread. Found in the benchmark (issue 29): it used to set it when the upstream's first chunk arrived, on devproxy's
 * upstream client thread, and about once in a dozen cold starts under load Tomcat then lost the request. Its
 * connection got a fresh processor while the request's own one was dropped, so the request ended with nothing written
 * and the browser waited for its 60 s timeout. Tomcat runs a listener set from a thread of no request through a path
 * of its own (an inline dispatch on that thread); this test holds the tunnel off that path, for every kind of
 * exchange: a small GET, a large one, a POST whose body is echoed, and an upstream failure.
 */
class ResponseWriterThreadTest {
    /** Wraps each response so as to see which thread sets its WriteListener. */
    public static final class WatchingFilter implements Filter {
        final List<String> offDispatch = new CopyOnWriteArrayList<>();
        final List<String> inDispatch = new CopyOnWriteArrayList<>();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            Thread dispatch = Thread.currentThread();
            chain.doFilter(request, new HttpServletResponseWrapper((HttpServletResponse) response) {
                @Override
                public ServletOutputStream getOutputStream() throws IOException {
                    ServletOutputStream out = super.getOutputStream();
                    return new ServletOutputStream() {
                        @Override
                        public boolean isReady() {
                            return out.isReady();
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {
                            (Thread.currentThread() == dispatch ? inDispatch : offDispatch)
                                    .add(Thread.currentThread().getName());
                            out.setWriteListener(listener);
                        }

                        @Override
                        public void write(int b) throws IOException {
                            out.write(b);
                        }

                        @Override
                        public void write(byte[] bytes, int offset, int length) throws IOException {
                            out.write(bytes, offset, length);
                        }

                        @Override
                        public void flush() throws IOException {
                            out.flush();
                        }

                        @Override
                        public void close() throws IOException {
                            out.close();
                        }
                    };
                }
            });
        }
    }

    private final WatchingFilter watching = new WatchingFilter();

    @Test
    void theResponseWriterIsSetOnTheContainersThreadForEveryKindOfExchange() throws Exception {
        try (ConformanceContext c = new ConformanceContext(this::start)) {
            String cookie = "Cookie: " + c.sessionCookie("alpha");
            assertThat(c.get("/__ide/alpha/small", cookie).status()).isEqualTo(200);
            assertThat(c.get("/__ide/alpha/large?bytes=" + (2 * 1024 * 1024), cookie).body()).hasSize(2 * 1024 * 1024);
            byte[] body = ConformanceContext.payload(256 * 1024, 3).array();
            TestResponse echoed = c.request("POST", "/__ide/alpha/echo", body, cookie,
                    "Content-Type: application/octet-stream");
            assertThat(echoed.body()).isEqualTo(body);
            assertThat(c.get("/__ide/alpha/hang", cookie).status()).as("an upstream that never answers").isEqualTo(504);

            assertThat(watching.offDispatch).as("threads that set a response writer outside the request's dispatch")
                    .isEmpty();
            assertThat(watching.inDispatch).as("response writers set in the request's own dispatch").hasSize(4);
        }
    }

    private TomcatServers.Started start(dev.devproxy.DevProxy proxy) throws Exception {
        return TomcatServers.startWith(context -> {
            FilterDef def = new FilterDef();
            def.setFilterName("watching");
            def.setFilter(watching);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("watching");
            map.addURLPattern("/__ide/*");
            context.addFilterMap(map);
        }, proxy);
    }
}
