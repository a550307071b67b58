package dev.devproxy.internal.headers;

import java.util.Locale;
import java.util.Optional;

/**
 * The scheme, host and port of an {@code http} or {@code https} URL, with the default port filled
 * in (RFC 6454 §4), so that {@code http://h} and {@code http://H:80} compare equal.
 */
record Origin(String scheme, String host, int port) {
    Origin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        // Host names are case-insensitive (RFC 3986 §3.2.2).
        host = host.toLowerCase(Locale.ROOT);
    }

    /** The origin of an absolute {@code http(s)://authority...} reference; empty for anything else. */
    static Optional<Origin> parse(String absolute) {
        int colon = schemeEnd(absolute);
        if (colon < 0 || !absolute.startsWith("//", colon + 1)) {
            return Optional.empty();
        }
        int start = colon + 3;
        return ofAuthority(absolute.substring(0, colon), absolute.substring(start, authorityEnd(absolute, start)));
    }

    /** The origin of {@code scheme} plus an authority ({@code [userinfo@]host[:port]}); empty if malformed. */
    static Optional<Origin> ofAuthority(String scheme, String authority) {
        int defaultPort = defaultPort(scheme);
        if (defaultPort < 0) {
            return Optional.empty();
        }
        // User info does not take part in the origin (RFC 6454 §4).
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int portColon;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            portColon = close + 1 < hostPort.length() ? close + 1 : -1;
            if (portColon >= 0 && hostPort.charAt(portColon) != ':') {
                return Optional.empty();
            }
        } else {
            portColon = hostPort.indexOf(':');
        }
        String host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
        String port = portColon < 0 ? "" : hostPort.substring(portColon + 1);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (port.isEmpty()) {
            // An empty port means the default one (RFC 3986 §3.2.3).
            return Optional.of(new Origin(scheme, host, defaultPort));
        }
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        return number > 65535 ? Optional.empty() : Optional.of(new Origin(scheme, host, number));
    }

    /** The index of the ':' ending a URI scheme (RFC 3986 §3.1), or -1 if the reference has none. */
    static int schemeEnd(String reference) {
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c == ':') {
                return i > 0 ? i : -1;
            }
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
                return -1;
            }
        }
        return -1;
    }

    /** The index just past the authority that starts at {@code start} (RFC 3986 §3.2). */
    static int authorityEnd(String reference, int start) {
        for (int i = start; i < reference.length(); i++) {
            char c = reference.charAt(i);
            // Browsers treat '\' like '/' in http(s) URLs (WHATWG URL, "special" schemes).
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                return i;
            }
        }
        return reference.length();
    }

    private static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }
}
