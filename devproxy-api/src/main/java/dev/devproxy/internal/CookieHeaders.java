package dev.devproxy.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Internal: not API. Reads devproxy's own cookie from the raw {@code Cookie} headers and writes its
 * {@code Set-Cookie}. Parsing the raw header (RFC 6265 §5.4) instead of {@code getCookies()} gives the
 * same answer on every container.
 */
public final class CookieHeaders {
    private CookieHeaders() {
    }

    /** Every value of cookie {@code name}, most specific path first as browsers send them. */
    public static List<String> values(HttpServletRequest request, String name) {
        List<String> values = new ArrayList<>(1);
        Enumeration<String> headers = request.getHeaders("Cookie");
        while (headers != null && headers.hasMoreElements()) {
            for (String pair : headers.nextElement().split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    String value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    values.add(value);
                }
            }
        }
        return values;
    }

    /** A {@code Set-Cookie} value for one of devproxy's cookies: always HttpOnly, never with {@code Domain}. */
    public static String setCookie(String name, String value, String path, long maxAgeSeconds, boolean secure,
            String sameSite) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                .append("; Path=").append(path)
                .append("; Max-Age=").append(maxAgeSeconds)
                .append("; HttpOnly");
        if (secure) {
            cookie.append("; Secure");
        }
        return cookie.append("; SameSite=").append(sameSite).toString();
    }
}
