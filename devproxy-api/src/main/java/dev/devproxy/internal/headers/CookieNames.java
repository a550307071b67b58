package dev.devproxy.internal.headers;

import java.util.Locale;

/**
 * The one place that decides whether a cookie name is devproxy's. devproxy's cookies all derive from the
 * configured name: the session cookie itself, its {@code __Host-}/{@code __Secure-} prefixed form on a workspace's
 * own origin, and {@code <name>_<purpose>} for the launch's helpers (the browser binding, the launch state). None
 * of them ever reaches an upstream, and no upstream may set one.
 */
public final class CookieNames {
    private static final String HOST_PREFIX = "__host-";
    private static final String SECURE_PREFIX = "__secure-";

    private CookieNames() {
    }

    /**
     * Whether {@code name} is one of devproxy's cookies for the configured name {@code ours}. Cookie names are
     * case-sensitive (RFC 6265 §5.2), but some servers fold case; matching case-insensitively means no look-alike
     * can shadow or leak ours.
     */
    public static boolean isOurs(String name, String ours) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(HOST_PREFIX)) {
            lower = lower.substring(HOST_PREFIX.length());
        } else if (lower.startsWith(SECURE_PREFIX)) {
            lower = lower.substring(SECURE_PREFIX.length());
        }
        String base = ours.toLowerCase(Locale.ROOT);
        return lower.equals(base) || lower.startsWith(base + "_");
    }

    /**
     * The name of one of devproxy's cookies: {@code base}, or {@code base_purpose}, prefixed with {@code __Host-} when
     * it is host-only, {@code Path=/} and {@code Secure} (then no sibling or parent domain can set or shadow it,
     * RFC 6265bis §4.1.3.2).
     *
     * @param purpose null for the session cookie itself
     */
    public static String of(String base, String purpose, boolean hostPrefixed) {
        return (hostPrefixed ? "__Host-" : "") + base + (purpose == null ? "" : "_" + purpose);
    }
}
