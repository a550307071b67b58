package dev.devproxy.internal.http;

import java.io.IOException;

/**
 * Internal: not API. Why the proxy gave up on an upstream's answer that broke HTTP: the browser gets 502
 * ({@link UpstreamFailures}), the upstream's connection is closed. Its message goes to the log only.
 */
public final class MalformedResponse extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param why what was wrong with the answer, for the log (never a header value) */
    public MalformedResponse(String why) {
        super(why, null);
    }

    // Thrown for an upstream's answer, never a bug in devproxy: the stack trace would only point at the listener.
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
