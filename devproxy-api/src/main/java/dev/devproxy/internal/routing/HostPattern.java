package dev.devproxy.internal.routing;

import dev.devproxy.WorkspaceId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Internal: not API. A workspace host pattern such as {@code {id}.ide.example.com} or {@code {id}--ide.example.com}:
 * which hosts belong to workspaces, which workspace each one is, and the host of a given workspace.
 *
 * <p>Every host of the pattern's shape (its fixed prefix and suffix around the id) is a workspace host, whether or
 * not the part in the middle is a valid id: {@code a.b.ide.example.com} is a workspace host with an invalid id, so it
 * is refused rather than handed to the application. Immutable.
 */
public final class HostPattern {
    private static final String PLACEHOLDER = "{id}";
    // RFC 1035 §2.3.1 (as relaxed by RFC 1123 §2.1): letters, digits and hyphens, no hyphen at either end.
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_FRAGMENT = Pattern.compile("[a-z0-9-]*");

    private final String prefix;
    private final String suffix;
    private final int port;
    private final String text;

    private HostPattern(String prefix, String suffix, int port, String text) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.port = port;
        this.text = text;
    }

    /**
     * Parses a pattern: a host name with one {@code {id}} in its first label and at least one label after it,
     * optionally followed by {@code :port}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static HostPattern parse(String pattern) {
        String text = pattern.trim().toLowerCase(Locale.ROOT);
        if (text.contains("://") || text.contains("/")) {
            throw invalid(pattern, "give a host name only, without scheme or path");
        }
        int port = -1;
        int colon = text.lastIndexOf(':');
        String host = text;
        if (colon >= 0) {
            port = parsePort(text.substring(colon + 1), pattern);
            host = text.substring(0, colon);
        }
        int at = host.indexOf(PLACEHOLDER);
        if (at < 0 || host.indexOf(PLACEHOLDER, at + 1) >= 0) {
            throw invalid(pattern, "it must contain {id} exactly once");
        }
        String prefix = host.substring(0, at);
        String suffix = host.substring(at + PLACEHOLDER.length());
        int firstDot = suffix.indexOf('.');
        if (prefix.contains(".") || firstDot < 0) {
            throw invalid(pattern, "{id} must be in the first label, followed by the domain, e.g. {id}.ide.example.com");
        }
        if (!LABEL_FRAGMENT.matcher(prefix).matches() || !LABEL_FRAGMENT.matcher(suffix.substring(0, firstDot)).matches()) {
            throw invalid(pattern, "the first label may hold only a-z, 0-9 and - around {id}");
        }
        for (String label : suffix.substring(firstDot + 1).split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid(pattern, "'" + label + "' is not a DNS label");
            }
        }
        return new HostPattern(prefix, suffix, port, host + (port < 0 ? "" : ":" + port));
    }

    /**
     * Normalises an application host: {@code host}, {@code host:port} or {@code scheme://host[:port]}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String applicationHost(String value) {
        return ApplicationOrigin.parse(value).toString();
    }

    /** The host of an application host value, without scheme or port. */
    public static String hostOnly(String applicationHost) {
        return ApplicationOrigin.parse(applicationHost).host();
    }

    /**
     * The workspace part of {@code host}, if {@code host} has this pattern's shape; it may still be an invalid id
     * (see {@link #workspaceOf}).
     *
     * @param host a host name without port, any case
     */
    public Optional<String> labelOf(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.length() < prefix.length() + suffix.length() || !lower.startsWith(prefix) || !lower.endsWith(suffix)) {
            return Optional.empty();
        }
        return Optional.of(lower.substring(prefix.length(), lower.length() - suffix.length()));
    }

    /** Whether {@code host} has this pattern's shape (a workspace host, valid id or not). */
    public boolean matches(String host) {
        return labelOf(host).isPresent();
    }

    /**
     * The workspace {@code label} names, if it is an id this pattern can route: a DNS label whose whole first label
     * (with the pattern's prefix and suffix) stays within 63 characters.
     */
    public Optional<WorkspaceId> workspaceOf(String label) {
        String firstLabel = prefix + label + suffix.substring(0, suffix.indexOf('.'));
        if (label.isEmpty() || !LABEL.matcher(label).matches() || !LABEL.matcher(firstLabel).matches()) {
            return Optional.empty();
        }
        return WorkspaceId.parse(label);
    }

    /** Whether {@code workspace} can be served by this pattern. */
    public boolean routes(WorkspaceId workspace) {
        return workspaceOf(workspace.value()).isPresent();
    }

    /**
     * The host of {@code workspace}, e.g. {@code ws1.ide.example.com}.
     *
     * @throws IllegalArgumentException if the id is not a DNS label this pattern can route
     */
    public String hostOf(WorkspaceId workspace) {
        if (!routes(workspace)) {
            throw new IllegalArgumentException("workspace id '" + workspace + "' is not a DNS label (a-z, 0-9, -), so"
                    + " it has no host under " + text);
        }
        return prefix + workspace.value() + suffix;
    }

    /** The port the pattern names, or -1 if it names none (then the request's port is used). */
    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return text;
    }

    private static int parsePort(String digits, String pattern) {
        int port = ApplicationOrigin.port(digits);
        if (port < 0) {
            throw invalid(pattern, "the port must be 1-65535");
        }
        return port;
    }

    private static IllegalArgumentException invalid(String pattern, String why) {
        return new IllegalArgumentException("workspace host pattern '" + pattern + "' is invalid: " + why);
    }
}
