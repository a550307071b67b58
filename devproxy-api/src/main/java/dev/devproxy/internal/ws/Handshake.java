package dev.devproxy.internal.ws;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * Internal: not API. Checks a client's WebSocket handshake before anything is dialled upstream, and
 * defends against cross-site WebSocket hijacking by checking {@code Origin}.
 */
final class Handshake {
    private Handshake() {
    }

    /** Whether the request asks for a WebSocket upgrade at all (RFC 6455 §4.2.1 item 3). */
    static boolean isUpgradeRequest(HttpServletRequest request) {
        return hasToken(request, "Upgrade", "websocket");
    }

    /**
     * Whether the upgrade request is well formed (RFC 6455 §4.2.1): HTTP/1.1 or later, GET, {@code Connection: Upgrade},
     * version 13, and a key that is 16 random bytes in base64. Checked here because containers disagree on
     * how they refuse a bad one (Jetty throws, Tomcat answers 426 and returns normally).
     */
    static boolean isValid(HttpServletRequest request) {
        return isHttp11OrLater(request.getProtocol()) && isValid(request.getMethod(),
                hasToken(request, "Connection", "upgrade"), request.getHeader("Sec-WebSocket-Version"),
                request.getHeader("Sec-WebSocket-Key"));
    }

    /**
     * Whether {@code protocol} ({@code HTTP/1.1}, as {@code getProtocol()} gives it) is HTTP/1.1 or later: "the HTTP
     * version MUST be at least 1.1" (RFC 6455 §4.1). An HTTP/1.0 client knows no {@code Upgrade} (RFC 9110 §7.8).
     */
    static boolean isHttp11OrLater(String protocol) {
        if (protocol == null || !protocol.startsWith("HTTP/")) {
            return false;
        }
        String[] version = protocol.substring(5).split("\\.", -1);
        try {
            int major = Integer.parseInt(version[0]);
            int minor = version.length > 1 ? Integer.parseInt(version[1]) : 0;
            return major > 1 || (major == 1 && minor >= 1);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isValid(String method, boolean connectionUpgrade, String version, String rawKey) {
        if (!"GET".equals(method) || !connectionUpgrade || !"13".equals(trimmed(version))) {
            return false;
        }
        String key = trimmed(rawKey);
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether the socket may be opened from this {@code Origin}: the browser-facing origin of the request
     * itself, or one of {@code allowedOrigins}. A request without {@code Origin} is not from a browser page;
     * it is allowed only when it authenticated with a bearer token, never with the cookie a browser would
     * attach automatically.
     */
    static boolean originAllowed(HttpServletRequest request, boolean viaBearer, Set<String> allowedOrigins) {
        return originAllowed(request.getHeader("Origin"), request.getHeader("Host"), viaBearer, allowedOrigins);
    }

    static boolean originAllowed(String origin, String hostHeader, boolean viaBearer, Set<String> allowedOrigins) {
        if (origin == null) {
            return viaBearer;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (Exception e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowedOrigins.contains(scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()))) {
            return true;
        }
        return sameAuthority(host, port, hostHeader);
    }

    // The Host header has no scheme; behind a TLS-terminating balancer the request scheme may be http
    // while the page is https, so a Host without port matches either default port.
    private static boolean sameAuthority(String originHost, int originPort, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        Integer port = null;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon > host.lastIndexOf(']')) {
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            host = host.substring(0, colon);
        }
        if (!host.equals(originHost)) {
            return false;
        }
        return port == null ? originPort == 80 || originPort == 443 : port == originPort;
    }

    private static boolean hasToken(HttpServletRequest request, String header, String token) {
        Enumeration<String> values = request.getHeaders(header);
        while (values != null && values.hasMoreElements()) {
            for (String part : values.nextElement().split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
