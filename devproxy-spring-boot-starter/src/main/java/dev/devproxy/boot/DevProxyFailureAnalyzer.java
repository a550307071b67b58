package dev.devproxy.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link DevProxyConfigurationException} into Boot's start-up report ("APPLICATION FAILED TO START"):
 * the property at fault or the missing bean, why, and what to do, instead of a stack trace through bean
 * creation.
 */
final class DevProxyFailureAnalyzer extends AbstractFailureAnalyzer<DevProxyConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DevProxyConfigurationException cause) {
        String description = cause.property()
                .map(property -> "devproxy could not start: the property '" + property + "' is invalid.\n\nReason: "
                        + reasonOf(cause, property))
                .orElseGet(() -> "devproxy could not start: " + cause.getMessage());
        return new FailureAnalysis(description, cause.action(), cause);
    }

    private static String reasonOf(DevProxyConfigurationException cause, String property) {
        String message = cause.getMessage();
        return message.startsWith(property + ": ") ? message.substring(property.length() + 2) : message;
    }
}
