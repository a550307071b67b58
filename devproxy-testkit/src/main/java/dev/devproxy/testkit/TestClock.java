package dev.devproxy.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand, for a {@code DevProxy}, its tokens and stores; thread-safe. */
public final class TestClock extends Clock {
    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public TestClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at the current time. */
    public static TestClock now() {
        return new TestClock(Instant.now());
    }

    /** Moves the clock forward. */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
