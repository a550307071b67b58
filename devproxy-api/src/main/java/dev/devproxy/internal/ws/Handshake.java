package dev.devproxy.internal.ws;

import dev.devproxy.internal.routing.BrowserOrigin;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Optional;
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
     * Whether the socket may be opened from this {@code Origin}: the origin the request itself was sent to, scheme,
     * host and port alike (RFC 6454 §5), or one of {@code allowedOrigins}. A request without {@code Origin} is not
     * from a browser page; it is allowed only when it authenticated with a bearer token, never with the cookie a
     * browser would attach automatically.
     *
     * @param origin the {@code Origin} header, or null
     * @param requestOrigin the origin the request was sent to, as the browser sees it
     * @param allowedOrigins further origins, serialised as {@code scheme://host[:port]}
     */
    static boolean originAllowed(String origin, BrowserOrigin requestOrigin, boolean viaBearer, Set<String> allowedOrigins) {
        if (origin == null) {
            return viaBearer;
        }
        Optional<BrowserOrigin> page = BrowserOrigin.ofOriginHeader(origin);
        if (page.isEmpty()) {
            return false;
        }
        if (page.get().equals(requestOrigin)) {
            return true;
        }
        for (String allowed : allowedOrigins) {
            if (BrowserOrigin.ofOriginHeader(allowed).filter(page.get()::equals).isPresent()) {
                return true;
            }
        }
        return false;
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
