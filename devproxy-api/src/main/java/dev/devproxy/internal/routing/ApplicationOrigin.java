package dev.devproxy.internal.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Internal: not API. The application's origin as configured for host routing: a host, and optionally a scheme and
 * a port; what is not configured is taken from the workspace request the launch starts from, since both are
 * normally served by the same front end.
 *
 * @param scheme {@code http} or {@code https}, or null to use the request's
 * @param host the host name, lower case
 * @param port the port, or -1 to use the request's
 */
public record ApplicationOrigin(String scheme, String host, int port) {
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    /**
     * Parses {@code host}, {@code host:port} or {@code scheme://host[:port]}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ApplicationOrigin parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        String scheme = null;
        int separator = text.indexOf("://");
        if (separator >= 0) {
            scheme = text.substring(0, separator);
            text = text.substring(separator + 3);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw invalid(value, "the scheme must be http or https");
            }
        }
        if (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        int port = -1;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            port = port(text.substring(colon + 1));
            if (port < 0) {
                throw invalid(value, "the port must be 1-65535");
            }
            text = text.substring(0, colon);
        }
        if (!HOST.matcher(text).matches()) {
            throw invalid(value, "give a host name such as app.example.com, optionally with scheme and port");
        }
        return new ApplicationOrigin(scheme, text, port);
    }

    /** The port {@code digits} give, or -1 if they are not a port 1-65535. */
    static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < digits.length(); i++) { // by hand: every request's Host is read through here
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port == 0 || port > 65535 ? -1 : port;
    }

    /**
     * The origin to send the browser to, filling in what is not configured from the origin of the workspace request.
     */
    public BrowserOrigin resolve(BrowserOrigin workspaceRequest) {
        String effectiveScheme = scheme != null ? scheme : workspaceRequest.scheme();
        int effectivePort = port != -1 ? port
                : scheme == null || scheme.equals(workspaceRequest.scheme()) ? workspaceRequest.port()
                : BrowserOrigin.defaultPort(effectiveScheme);
        return new BrowserOrigin(effectiveScheme, host, effectivePort);
    }

    @Override
    public String toString() {
        return (scheme == null ? "" : scheme + "://") + host + (port == -1 ? "" : ":" + port);
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("applicationHost '" + value + "' is invalid: " + why);
    }
}
