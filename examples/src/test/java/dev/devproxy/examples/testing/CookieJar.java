package dev.devproxy.examples.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Cookies kept the way browsers keep them (RFC 6265 §5.3): by name, domain and path; host-only unless the cookie
 * names a {@code Domain}; sent to every request whose host and path match, whatever path set them, and regardless of
 * the port. Host-only matters here: with host routing each workspace is a host of its own
 * ({@code scratchpad.localhost}), and a cookie one of them sets must never reach the portal on {@code localhost}.
 */
public final class CookieJar {
    /**
     * One stored cookie.
     *
     * @param domain the host it was set by (host-only) or the {@code Domain} it names, lower case
     * @param hostOnly whether it goes to exactly {@code domain} and not to its subdomains
     */
    public record Cookie(String name, String value, String domain, boolean hostOnly, String path, boolean httpOnly,
            boolean secure) {
    }

    private final Map<String, Cookie> cookies = new ConcurrentHashMap<>();

    /** Stores the cookies of one response's {@code Set-Cookie} headers, received for {@code uri}. */
    void store(URI uri, List<String> setCookieHeaders) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        for (String header : setCookieHeaders) {
            String[] parts = header.split(";");
            int equals = parts[0].indexOf('=');
            if (equals <= 0) {
                continue;                                   // RFC 6265 §5.2: no name, ignore the cookie
            }
            String name = parts[0].substring(0, equals).trim();
            String value = parts[0].substring(equals + 1).trim();
            String path = defaultPath(uri.getPath());
            String domain = host;
            boolean hostOnly = true;
            boolean httpOnly = false;
            boolean secure = false;
            boolean expired = false;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim();
                String lower = attribute.toLowerCase(Locale.ROOT);
                if (lower.startsWith("path=")) {
                    path = attribute.substring(5);
                } else if (lower.startsWith("domain=") && lower.length() > 7) {
                    domain = lower.substring(7).replaceFirst("^\\.", "");
                    hostOnly = false;
                } else if (lower.equals("httponly")) {
                    httpOnly = true;
                } else if (lower.equals("secure")) {
                    secure = true;
                } else if (lower.equals("max-age=0")) {
                    expired = true;
                }
            }
            if (!hostOnly && !domainMatches(host, domain)) {
                continue;                                   // §5.3 step 6: a Domain the host is not inside
            }
            String key = name + " " + domain + " " + hostOnly + " " + path;
            if (expired) {
                cookies.remove(key);
            } else {
                cookies.put(key, new Cookie(name, value, domain, hostOnly, path, httpOnly, secure));
            }
        }
    }

    /** The cookies a browser would send to {@code uri}, longest path first (§5.4). */
    List<Cookie> cookiesFor(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        List<Cookie> matching = new ArrayList<>();
        for (Cookie cookie : cookies.values()) {
            boolean hostMatches = cookie.hostOnly() ? host.equals(cookie.domain()) : domainMatches(host, cookie.domain());
            if (hostMatches && pathMatches(path, cookie.path())) {
                matching.add(cookie);
            }
        }
        matching.sort(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed());
        return matching;
    }

    /** Every cookie held, for any host. */
    List<Cookie> all() {
        return List.copyOf(cookies.values());
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

    // RFC 6265 §5.1.3.
    private static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
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
