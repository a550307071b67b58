package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.SocketProbe;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every {@code DevProxy} of a JVM relays its WebSockets on one group of relay loops: two proxies, each with a pair
 * open, run one loop thread per two processors between them, not each; stopping one leaves the other's pair
 * relaying, and stopping the last ends the loops.
 */
class SharedRelayLoopsTest {
    private static final String RELAY_THREAD = "devproxy-ws-relay-";

    @Test
    void twoProxiesShareOneGroupOfRelayLoopsUntilTheLastStops() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int group = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        ConformanceContext first = new ConformanceContext(JettyServers::start);
        ConformanceContext second = new ConformanceContext(JettyServers::start);
        try {
            SocketProbe one = echoing(first);
            SocketProbe two = echoing(second);
            assertThat(relayThreads(before)).as("relay loop threads with two proxies relaying").hasSize(group);

            first.close();
            assertThat(one.awaitCloseCode()).isIn(1001, 1006);
            two.send("still relayed");
            assertThat(two.nextText()).isEqualTo("still relayed");
            assertThat(relayThreads(before)).as("the loops the second proxy still uses").hasSize(group);
        } finally {
            first.close();
            second.close();
        }
        Await.until(() -> relayThreads(before).isEmpty(), Duration.ofSeconds(15),
                () -> "the relay loops to stop with the last proxy; still running: " + relayThreads(before));
    }

    private static SocketProbe echoing(ConformanceContext context) throws Exception {
        SocketProbe socket = context.openSocket("/__ide/alpha/ws/echo", context.sessionCookie("alpha"));
        socket.send("x");
        assertThat(socket.nextText()).isEqualTo("x");
        return socket;
    }

    private static List<String> relayThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && t.getName().startsWith(RELAY_THREAD))
                .map(Thread::getName).toList();
    }
}
