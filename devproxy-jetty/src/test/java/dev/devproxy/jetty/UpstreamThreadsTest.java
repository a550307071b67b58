package dev.devproxy.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.Await;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.SocketProbe;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every {@code DevProxy} of a JVM runs its upstream clients (the HTTP tunnel's and the WebSocket handshakes') on one
 * pool of threads and one timer: a second proxy, serving HTTP and WebSockets as the first does, starts no pool or
 * timer of its own, and stopping the last proxy stops them. An application's own executor replaces the pool, and
 * outlives the proxy.
 */
class UpstreamThreadsTest {

    @Test
    void proxiesShareOneUpstreamPoolAndTimerUntilTheLastStops() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        ConformanceContext first = new ConformanceContext(JettyServers::start);
        ConformanceContext second = new ConformanceContext(JettyServers::start);
        try {
            exercise(first);
            List<String> withOne = pools(before);
            exercise(second);
            List<String> withTwo = pools(before);
            assertThat(withTwo).as("thread pools and timers of the upstream clients, with two proxies")
                    .isEqualTo(withOne)
                    .containsExactlyInAnyOrder("devproxy-upstream", "devproxy-upstream-timer");
            assertThat(threads(before)).as("timer threads").filteredOn(name -> name.startsWith("devproxy-upstream-timer")).hasSize(1);
        } finally {
            first.close();
            second.close();
        }
        Await.until(() -> pools(before).isEmpty(), Duration.ofSeconds(15),
                () -> "the upstream threads to stop with the last proxy; still running: " + pools(before));
    }

    @Test
    void anInjectedExecutorRunsTheUpstreamClientsAndOutlivesTheProxy() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        AtomicInteger started = new AtomicInteger();
        ExecutorService application = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "application-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            ConformanceContext context = new ConformanceContext(JettyServers::start)
                    .configure(b -> b.upstreamExecutor(application));
            try {
                exercise(context);
                assertThat(pools(before)).as("devproxy's own upstream threads").containsExactly("devproxy-upstream-timer");
                // A selector per client (the HTTP tunnel's and the WebSocket handshakes'), and their tasks.
                assertThat(started.get()).as("threads of the application's executor").isGreaterThanOrEqualTo(2);
            } finally {
                context.close();
            }
            assertThat(application.isShutdown()).as("the application's executor, after the proxy closed").isFalse();
            Await.until(() -> pools(before).isEmpty(), Duration.ofSeconds(15),
                    () -> "the timer to stop with the proxy; still running: " + pools(before));
        } finally {
            application.shutdownNow();
        }
    }

    // One HTTP exchange and one WebSocket pair: both upstream clients started.
    private static void exercise(ConformanceContext context) throws Exception {
        String cookie = context.sessionCookie("alpha");
        assertThat(context.get("/__ide/alpha/small", "Cookie: " + cookie).status()).isEqualTo(200);
        SocketProbe socket = context.openSocket("/__ide/alpha/ws/echo", cookie);
        socket.send("x");
        assertThat(socket.nextText()).isEqualTo("x");
    }

    // The distinct pools and timers devproxy's new threads belong to, named without their thread numbers.
    private static List<String> pools(Set<Thread> before) {
        return threads(before).stream().map(name -> name.replaceAll("-[0-9]+$", "")).distinct().sorted().toList();
    }

    // devproxy's threads started since, but the relay loops (SharedRelayLoopsTest).
    private static List<String> threads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .filter(name -> name.startsWith("devproxy-") && !name.startsWith("devproxy-ws-relay-"))
                .toList();
    }
}
