package dev.devproxy.internal.headers;

/** The one place that decides whether a cookie name is devproxy's session cookie. */
final class CookieNames {
    private CookieNames() {
    }

    /**
     * Whether {@code name} is {@code ours}. Cookie names are case-sensitive (RFC 6265 §5.2), but some
     * servers fold case; matching case-insensitively means no look-alike can shadow or leak ours.
     */
    static boolean isOurs(String name, String ours) {
        return name.equalsIgnoreCase(ours);
    }
}
