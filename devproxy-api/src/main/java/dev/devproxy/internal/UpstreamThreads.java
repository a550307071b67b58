package dev.devproxy.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Internal: not API. The threads one {@code DevProxy}'s upstream side runs on: the HTTP tunnel's client, the WebSocket
 * handshakes' client, and the live sockets' keep-alive and checks.
 *
 * <p>By default every proxy of the class loader that loaded devproxy (each web application has its own) shares one
 * pool, {@code devproxy-upstream}, and one timer thread, {@code devproxy-upstream-timer}: the first proxy to need them
 * {@link #acquire starts} them, each proxy {@link #release releases} them when it stops, and the last release stops
 * them. Each proxy adds its {@code upstreamThreads} to the pool's maximum, so sharing takes no capacity away from any
 * of them, while the idle threads are one pool's. An application may instead give a proxy an executor of its own
 * ({@code DevProxy.Builder.upstreamExecutor}), which devproxy uses and never stops; the timer is still the shared one.
 */
public final class UpstreamThreads {
    private static final String POOL = "devproxy-upstream";
    private static final String TIMER = "devproxy-upstream-timer";
    private static final int MIN_THREADS = 8;
    /**
     * The context class loader of every upstream thread: devproxy's own, not that of the web application whose
     * request happened to start the thread. A proxy shared by several contexts outlives the first to stop, and a thread
     * holding that context's loader would keep it in memory (Tomcat warns of exactly that).
     */
    private static final ClassLoader DEVPROXY = UpstreamThreads.class.getClassLoader();
    private static Shared shared;

    private final Shared group;
    private final Executor executor;
    private final int maxThreads;
    private boolean released;

    private UpstreamThreads(Shared group, Executor executor, int maxThreads) {
        this.group = group;
        this.executor = executor;
        this.maxThreads = maxThreads;
    }

    /**
     * Takes a share of the JVM's upstream threads: {@code maxThreads} more for the shared pool, unless {@code injected}
     * is not null, when the proxy's clients run on it instead. Every call needs one {@link #release}.
     */
    public static UpstreamThreads acquire(int maxThreads, Executor injected) {
        synchronized (UpstreamThreads.class) {
            if (shared == null) {
                shared = new Shared();
            }
            Shared group = shared;
            group.users++;
            if (injected != null) {
                return new UpstreamThreads(group, injected, 0);
            }
            group.grow(maxThreads);
            return new UpstreamThreads(group, group.pool(), maxThreads);
        }
    }

    /** Where the upstream clients run their tasks (their selectors among them: one long-lived task per client). */
    public Executor executor() {
        return executor;
    }

    /** The shared timer: handshake and connect timeouts. Its tasks must not block. */
    public Scheduler scheduler() {
        return group.timer;
    }

    /**
     * Runs {@code task} on the executor every {@code delay}, measured from the end of the previous run (so runs never
     * overlap, and a slow one, such as a revocation store's answer, never holds the timer). Returns what cancels it.
     */
    public Runnable repeat(Duration delay, Runnable task) {
        Repeating repeating = new Repeating(group.timer, executor, delay.toMillis(), task);
        repeating.scheduleNext();
        return repeating::cancel;
    }

    /** Gives back this share: the last one stops the shared pool and timer. Idempotent. */
    public void release() {
        synchronized (UpstreamThreads.class) {
            if (released) {
                return;
            }
            released = true;
            group.grow(-maxThreads);
            if (--group.users == 0) {
                if (shared == group) {
                    shared = null;
                }
                group.stop();
            }
        }
    }

    /**
     * The timer every proxy of the class loader shares, and the pool every proxy without an executor of its own
     * shares. Both are started here, before any client sees them: a Jetty client then uses them without managing
     * (stopping) them, so one proxy's clients stopping leaves the others' threads running.
     */
    private static final class Shared {
        private final ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler(TIMER, true, DEVPROXY);
        private QueuedThreadPool pool;
        private int users;
        private int maxThreads;

        Shared() {
            start(timer);
        }

        /** The pool, started when the first proxy without an executor of its own needs it. */
        QueuedThreadPool pool() {
            if (pool == null) {
                pool = new QueuedThreadPool(Math.max(MIN_THREADS, maxThreads), MIN_THREADS) {
                    @Override
                    public Thread newThread(Runnable job) {
                        Thread thread = super.newThread(job);
                        thread.setContextClassLoader(DEVPROXY);
                        return thread;
                    }
                };
                pool.setName(POOL);
                start(pool);
            }
            return pool;
        }

        void grow(int threads) {
            maxThreads += threads;
            if (pool != null) {
                pool.setMaxThreads(Math.max(MIN_THREADS, maxThreads));
            }
        }

        void stop() {
            try {
                timer.stop();
                if (pool != null) {
                    pool.stop();
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop devproxy's upstream threads", e);
            }
        }

        private static void start(LifeCycle component) {
            try {
                component.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start devproxy's upstream threads", e);
            }
        }
    }

    /** A task that schedules its next run on the timer once its current run on the executor ended. */
    private static final class Repeating {
        private final Scheduler timer;
        private final Executor executor;
        private final long delayMillis;
        private final Runnable task;
        private Scheduler.Task next;
        private boolean cancelled;

        Repeating(Scheduler timer, Executor executor, long delayMillis, Runnable task) {
            this.timer = timer;
            this.executor = executor;
            this.delayMillis = delayMillis;
            this.task = Objects.requireNonNull(task, "task");
        }

        synchronized void scheduleNext() {
            if (!cancelled) {
                next = timer.schedule(() -> executor.execute(this::runThenScheduleNext), delayMillis,
                        TimeUnit.MILLISECONDS);
            }
        }

        private void runThenScheduleNext() {
            try {
                task.run();
            } finally {
                scheduleNext();
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (next != null) {
                next.cancel();
            }
        }
    }
}
