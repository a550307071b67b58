package dev.devproxy.internal.routing;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * Internal: not API. The origin (RFC 6454) a request was sent to, as the browser sees it: the request's scheme and
 * {@code Host}, or the {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-Port} of a
 * trusted proxy in front. This is what host routing matches, what a WebSocket's {@code Origin} must equal, and what
 * the upstream is told in {@code X-Forwarded-Host}.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host name or bracketed IPv6 literal, lower case, without port
 * @param port the port, the scheme's default filled in
 */
public record BrowserOrigin(String scheme, String host, int port) {
    /** Normalises case. */
    public BrowserOrigin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * The browser-facing origin of {@code request}; forwarding headers count only when the request comes straight
     * from one of {@code trusted}.
     */
    public static BrowserOrigin of(HttpServletRequest request, TrustedProxies trusted) {
        String scheme = request.getScheme();
        String authority = request.getHeader("Host");
        if (trusted.trusts(request.getRemoteAddr())) {
            String forwardedProto = last(request.getHeader("X-Forwarded-Proto"));
            if ("http".equalsIgnoreCase(forwardedProto) || "https".equalsIgnoreCase(forwardedProto)) {
                scheme = forwardedProto;
            }
            String forwardedHost = last(request.getHeader("X-Forwarded-Host"));
            if (forwardedHost != null && !forwardedHost.isEmpty()) {
                authority = forwardedHost;
                String forwardedPort = last(request.getHeader("X-Forwarded-Port"));
                if (forwardedPort != null && ApplicationOrigin.port(forwardedPort) > 0 && authority.indexOf(':') < 0) {
                    authority = authority + ":" + forwardedPort;
                }
            }
        }
        scheme = "https".equalsIgnoreCase(scheme) ? "https" : "http";
        if (authority != null) {
            Optional<BrowserOrigin> parsed = parse(scheme, authority.trim());
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        // HTTP/1.0 without Host, or a Host the container let through but we cannot read: the connector's own view.
        return new BrowserOrigin(scheme, request.getServerName(), request.getServerPort());
    }

    /** The origin of {@code scheme} and a {@code host[:port]} authority; empty if the authority is malformed. */
    public static Optional<BrowserOrigin> parse(String scheme, String authority) {
        String host = authority;
        int port = defaultPort(scheme);
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && colon > authority.lastIndexOf(']')) {
            port = ApplicationOrigin.port(authority.substring(colon + 1));
            host = authority.substring(0, colon);
            if (port < 0) {
                return Optional.empty();
            }
        }
        if (host.isEmpty() || host.indexOf('@') >= 0 || host.indexOf('/') >= 0 || host.indexOf(' ') >= 0) {
            return Optional.empty();
        }
        return Optional.of(new BrowserOrigin(scheme, host, port));
    }

    /**
     * The origin an {@code Origin} header names, or empty if it names none ({@code null}, opaque origins, other
     * schemes, malformed values).
     */
    public static Optional<BrowserOrigin> ofOriginHeader(String origin) {
        if (origin == null) {
            return Optional.empty();
        }
        String value = origin.trim();
        int separator = value.indexOf("://");
        if (separator < 0) {
            return Optional.empty();
        }
        String scheme = value.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty();
        }
        String authority = value.substring(separator + 3);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        return parse(scheme, authority);
    }

    /** The default port of {@code scheme}: 443 for https, else 80. */
    public static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** {@code host[:port]}, the port left out when it is the scheme's default: a {@code Host} header value. */
    public String authority() {
        return port == defaultPort(scheme) ? host : host + ":" + port;
    }

    /** Whether the scheme is {@code https}. */
    public boolean secure() {
        return scheme.equals("https");
    }

    /** This origin with another host and, unless {@code port} is -1, another port. */
    public BrowserOrigin withHost(String otherHost, int otherPort) {
        return new BrowserOrigin(scheme, otherHost, otherPort == -1 ? port : otherPort);
    }

    /** The serialised origin, {@code scheme://host[:port]}. */
    @Override
    public String toString() {
        return scheme + "://" + authority();
    }

    private static String last(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        int comma = headerValue.lastIndexOf(',');
        return headerValue.substring(comma + 1).trim();
    }
}
