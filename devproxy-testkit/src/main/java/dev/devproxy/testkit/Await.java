package dev.devproxy.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition with a deadline: the only kind of waiting the conformance suite does. */
public final class Await {
    private Await() {
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; fails with {@code what} otherwise. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        until(condition, timeout, () -> what);
    }

    /** As {@link #until(BooleanSupplier, Duration, String)}, with {@code what} asked for only on failure. */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
