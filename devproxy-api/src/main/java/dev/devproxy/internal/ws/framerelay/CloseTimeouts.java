package dev.devproxy.internal.ws.framerelay;

import jakarta.websocket.Session;
import java.time.Duration;

/**
 * Internal: not API. Gives the container time to send a close frame to the browser. Tomcat allows a close
 * with code 1000 its usual blocking-send time, but any other code only 50 ms: past that it drops the
 * connection and reports an error instead, so under load the browser's own code (on its way upstream) or a
 * relayed 4xxx code (on its way to the browser) was lost to 1006. Set per session through the user property
 * Tomcat reads; other containers ignore it.
 */
final class CloseTimeouts {
    /** Tomcat's per-session limit, in milliseconds, for sending a close frame whose code is not 1000. */
    static final String TOMCAT_NON_NORMAL_CLOSE = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

    private CloseTimeouts() {
    }

    /** Lets the container take up to {@code timeout} to send {@code session}'s close frame, whatever its code. */
    static void allow(Session session, Duration timeout) {
        session.getUserProperties().put(TOMCAT_NON_NORMAL_CLOSE, Long.valueOf(timeout.toMillis()));
    }
}
