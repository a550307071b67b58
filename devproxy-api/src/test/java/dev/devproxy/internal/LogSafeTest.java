package dev.devproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void queriesAreCutFromExceptionMessages() {
        IllegalArgumentException failure = new IllegalArgumentException(
                "Malformed escape pair at index 40: http://127.0.0.1:1/__ide/a/x?a=%zz&token=secret-1 (and more)");
        assertThat(LogSafe.describe(failure)).isEqualTo("java.lang.IllegalArgumentException: Malformed escape pair at"
                + " index 40: http://127.0.0.1:1/__ide/a/x?… (and more)");
        assertThat(LogSafe.withoutQueries("HttpRequest[GET /x?token=secret-2 HTTP/1.1]"))
                .isEqualTo("HttpRequest[GET /x?… HTTP/1.1]");
    }

    @Test
    void messagesWithoutAQueryAndNullAreKept() {
        assertThat(LogSafe.describe(new java.util.concurrent.TimeoutException("Idle timeout 2000 ms elapsed")))
                .isEqualTo("java.util.concurrent.TimeoutException: Idle timeout 2000 ms elapsed");
        assertThat(LogSafe.describe(new java.io.EOFException())).isEqualTo("java.io.EOFException");
        assertThat(LogSafe.describe(null)).isEqualTo("null");
    }
}
