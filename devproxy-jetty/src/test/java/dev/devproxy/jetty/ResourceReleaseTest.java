package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.SocketProbe;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Stopping the server closes the proxy and leaves no thread behind. */
class ResourceReleaseTest {

    @Test
    void stoppingTheServerLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        ConformanceContext c = new ConformanceContext(JettyServers::start);
        String cookie = c.sessionCookie("alpha");
        assertThat(c.get("/__ide/alpha/small", "Cookie: " + cookie).status()).isEqualTo(200);
        SocketProbe socket = c.openSocket("/__ide/alpha/ws/echo", cookie);
        socket.send("x");
        socket.nextText();
        c.close();
        assertThat(socket.awaitCloseCode()).isIn(1001, 1006);
        Await.until(() -> leftover(before).isEmpty(), Duration.ofSeconds(15),
                "threads to stop; still running: " + leftover(before));
    }

    private static Set<String> leftover(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                // JDK-owned pools that outlive any library by design.
                .filter(name -> !name.startsWith("ForkJoinPool.commonPool") && !name.startsWith("process reaper"))
                .collect(Collectors.toSet());
    }
}
