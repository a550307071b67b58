package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.CapturedLogs;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.ProxyServer;
import dev.devproxy.testkit.SocketProbe;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One proxy installed in two contexts (two servers of an adapter) keeps serving the one still running when the
 * other stops, and is closed once the last of them stops: the first context to stop must not close the proxy, and
 * with it the other context's live sockets.
 */
public final class OneProxyInTwoContexts {
    private OneProxyInTwoContexts() {
    }

    /** Runs the check on servers {@code server} starts. */
    public static void check(ProxyServer server) throws Exception {
        AtomicReference<ProxyServer.Running> other = new AtomicReference<>();
        try (CapturedLogs logs = new CapturedLogs()) {
            ConformanceContext context = new ConformanceContext(proxy -> {
                other.set(server.start(proxy));
                return server.start(proxy);
            });
            try {
                String cookie = context.sessionCookie("alpha");
                SocketProbe socket = context.openSocket("/__ide/alpha/ws/echo", cookie);
                socket.send("before");
                assertThat(socket.nextText()).isEqualTo("before");

                other.get().close();

                socket.send("after the other context stopped");
                assertThat(socket.nextText()).isEqualTo("after the other context stopped");
                assertThat(context.get("/__ide/alpha/small", "Cookie: " + cookie).status()).isEqualTo(200);
                assertThat(logs.lines()).noneMatch(line -> line.contains("live sockets closed"));
            } finally {
                context.close();
            }
            assertThat(logs.lines()).filteredOn(line -> line.contains("live sockets closed")).hasSize(1);
        }
    }
}
