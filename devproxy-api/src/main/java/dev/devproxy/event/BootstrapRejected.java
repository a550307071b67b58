package dev.devproxy.event;

import dev.devproxy.Failure;
import dev.devproxy.spi.RejectionReason;

/**
 * A bootstrap was refused.
 *
 * @param workspace the workspace id as it appeared in the URL (it may not be a valid id)
 * @param failure what the browser was answered
 * @param reason why the token was refused, or null when the failure was not about the token (a bad
 *     return path, the replay store down)
 */
public record BootstrapRejected(String workspace, Failure failure, RejectionReason reason) {
}
