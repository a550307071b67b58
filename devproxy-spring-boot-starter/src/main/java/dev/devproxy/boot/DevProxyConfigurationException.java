package dev.devproxy.boot;

import java.util.Objects;
import java.util.Optional;

/**
 * devproxy could not be configured from the application's properties and beans. Start-up fails with it, and
 * {@link DevProxyFailureAnalyzer} reports it: which property (or which missing bean), what is wrong, what to do.
 * Its message never contains the value of a secret.
 */
public final class DevProxyConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String property;
    private final String action;

    private DevProxyConfigurationException(String property, String reason, String action, Throwable cause) {
        super(property == null ? reason : property + ": " + reason, cause);
        this.property = property;
        this.action = action;
    }

    /** A property whose value devproxy refuses; {@code reason} says why (and never quotes a secret). */
    static DevProxyConfigurationException invalidProperty(String property, String reason, Throwable cause) {
        Objects.requireNonNull(property, "property");
        return new DevProxyConfigurationException(property, reason, "Update " + property
                + " in the application's configuration (see the devproxy.* properties in the README's \"Use it in"
                + " Spring Boot\").", cause);
    }

    /** A bean of {@code type} that devproxy needs and the application does not define. */
    static DevProxyConfigurationException missingBean(Class<?> type, String why) {
        return new DevProxyConfigurationException(null, "no bean of type " + type.getName() + ": " + why,
                "Define a bean of type " + type.getName() + " in the application, or set devproxy.enabled=false.",
                null);
    }

    /** Properties and beans that contradict each other. */
    static DevProxyConfigurationException conflict(String property, String reason, String action) {
        return new DevProxyConfigurationException(property, reason, action, null);
    }

    /** The {@code devproxy.*} property at fault, if one is. */
    public Optional<String> property() {
        return Optional.ofNullable(property);
    }

    /** What the application's author should do. */
    public String action() {
        return action;
    }
}
