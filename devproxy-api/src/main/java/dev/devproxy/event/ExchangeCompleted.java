package dev.devproxy.event;

import dev.devproxy.WorkspaceId;
import java.time.Duration;

/**
 * One proxied HTTP exchange finished (successfully or not).
 *
 * @param workspace the workspace
 * @param subject the caller
 * @param method the HTTP method
 * @param status the status the browser received
 * @param requestBytes body bytes sent upstream
 * @param responseBytes body bytes sent to the browser
 * @param duration from arrival to completion
 * @param failure why reaching the upstream failed (the same classification as the {@link UpstreamFailure} reported
 *     just before), or null when the upstream answered, whatever its status
 */
public record ExchangeCompleted(WorkspaceId workspace, String subject, String method, int status,
        long requestBytes, long responseBytes, Duration duration, UpstreamFailure.Kind failure) {
    /** An exchange the upstream answered: no {@link #failure()}. */
    public ExchangeCompleted(WorkspaceId workspace, String subject, String method, int status, long requestBytes,
            long responseBytes, Duration duration) {
        this(workspace, subject, method, status, requestBytes, responseBytes, duration, null);
    }
}
