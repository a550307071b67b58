package dev.devproxy.examples.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Cookies kept the way browsers keep them (RFC 6265): by name and path, sent to every request whose path
 * is inside the cookie's path, whatever path set them. {@code java.net.CookieManager} follows the older
 * RFC 2965 and rejects a cookie whose path does not contain the request that set it, which is exactly
 * what devproxy's bootstrap does ({@code /api/dev/..} sets a cookie for {@code /__ide/..}).
 */
public final class CookieJar {
    /** One stored cookie. */
    public record Cookie(String name, String value, String path, boolean httpOnly, boolean secure) {
    }

    private final Map<String, Cookie> cookies = new ConcurrentHashMap<>();

    /** Stores the cookies of one response's {@code Set-Cookie} headers, received for {@code uri}. */
    void store(URI uri, List<String> setCookieHeaders) {
        for (String header : setCookieHeaders) {
            String[] parts = header.split(";");
            int equals = parts[0].indexOf('=');
            String name = parts[0].substring(0, equals).trim();
            String value = parts[0].substring(equals + 1).trim();
            String path = defaultPath(uri.getPath());
            boolean httpOnly = false;
            boolean secure = false;
            boolean expired = false;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim();
                String lower = attribute.toLowerCase(Locale.ROOT);
                if (lower.startsWith("path=")) {
                    path = attribute.substring(5);
                } else if (lower.equals("httponly")) {
                    httpOnly = true;
                } else if (lower.equals("secure")) {
                    secure = true;
                } else if (lower.equals("max-age=0")) {
                    expired = true;
                }
            }
            String key = name + " " + path;
            if (expired) {
                cookies.remove(key);
            } else {
                cookies.put(key, new Cookie(name, value, path, httpOnly, secure));
            }
        }
    }

    /** The cookies a browser would send to {@code uri}. */
    List<Cookie> cookiesFor(URI uri) {
        String path = uri.getPath().isEmpty() ? "/" : uri.getPath();
        List<Cookie> matching = new ArrayList<>();
        for (Cookie cookie : cookies.values()) {
            if (pathMatches(path, cookie.path())) {
                matching.add(cookie);
            }
        }
        return matching;
    }

    /** The {@code Cookie} header for {@code uri}, or null if no cookie applies. */
    String header(URI uri) {
        List<Cookie> matching = cookiesFor(uri);
        return matching.isEmpty() ? null
                : matching.stream().map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
    }

    /** Forgets every cookie named {@code name}. */
    void remove(String name) {
        cookies.values().removeIf(cookie -> cookie.name().equals(name));
    }

    // RFC 6265 §5.1.4.
    private static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath)
                || requestPath.startsWith(cookiePath) && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    // RFC 6265 §5.1.4: the request path up to its last '/'.
    private static String defaultPath(String requestPath) {
        int slash = requestPath == null ? -1 : requestPath.lastIndexOf('/');
        return slash <= 0 ? "/" : requestPath.substring(0, slash);
    }
}
