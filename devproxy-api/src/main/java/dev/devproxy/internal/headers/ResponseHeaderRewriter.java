package dev.devproxy.internal.headers;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.PathMode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Internal: not API. Rewrites one upstream-to-proxy response header into its proxy-to-client form.
 *
 * <p>The caller has already removed hop-by-hop headers. One table of rules, each with its reason;
 * stateless and thread-safe.
 */
public final class ResponseHeaderRewriter {
    private ResponseHeaderRewriter() {
    }

    /**
     * Whether {@link #rewrite} may change or drop a header of this name; every other header passes unchanged,
     * so a caller may skip building the context for it.
     *
     * @param name the header name, any case
     */
    public static boolean rewrites(String name) {
        return name.equalsIgnoreCase("Location") || name.equalsIgnoreCase("Set-Cookie")
                || name.equalsIgnoreCase("Service-Worker-Allowed");
    }

    /**
     * Returns the value to send to the browser for one upstream header, or null to drop it.
     *
     * @param name the header name, any case
     * @param value the upstream's value
     * @param ctx the response's context
     * @return the new value, {@code value} itself if unchanged, or null to drop the header
     */
    public static String rewrite(String name, String value, ResponseContext ctx) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ctx, "ctx");
        if (name.equalsIgnoreCase("Location")) {
            return location(value, ctx);
        }
        if (name.equalsIgnoreCase("Set-Cookie")) {
            return setCookie(value, ctx);
        }
        if (name.equalsIgnoreCase("Service-Worker-Allowed")) {
            return serviceWorkerAllowed(value, ctx);
        }
        return value;
    }

    /**
     * Maps a path the upstream knows onto the path the browser must use.
     *
     * <p>First the target's base path is removed ({@code /base/x} becomes {@code /x}, {@code /base}
     * becomes {@code /}); then {@link PathMode#STRIP} prepends the tunnel base, and
     * {@link PathMode#PRESERVE} keeps a path already inside the tunnel and prepends the tunnel base to
     * any other. Dot segments are resolved first, so the result stays inside the tunnel once the
     * browser resolves it.
     *
     * @param upstreamPath a path-absolute URL path (starts with {@code /}), without query or fragment
     * @param ctx the response's context
     * @return a path that starts with {@code ctx.tunnelBase()}
     * @throws IllegalArgumentException if {@code upstreamPath} does not start with {@code /}
     */
    public static String toBrowserPath(String upstreamPath, ResponseContext ctx) {
        if (upstreamPath == null || !upstreamPath.startsWith("/")) {
            throw new IllegalArgumentException("upstreamPath must start with '/', got '" + upstreamPath + "'");
        }
        String path = UrlPaths.removeDotSegments(upstreamPath);
        String base = ctx.targetBasePath();
        if (!base.isEmpty()) {
            if (path.equals(base)) {
                path = "/";
            } else if (path.startsWith(base + "/")) {
                path = path.substring(base.length());
            }
        }
        String tunnelBase = ctx.tunnelBase();
        if (ctx.pathMode() == PathMode.PRESERVE && (path.equals(tunnelBase) || path.startsWith(tunnelBase + "/"))) {
            return path;
        }
        return tunnelBase + path;
    }

    // Location (RFC 9110 §10.2.2): redirects to the upstream itself must come back through the tunnel, and so must
    // references relative to the request, which the browser would resolve against its own URL: there "x/../../api"
    // climbs out of the tunnel into the host application (issue 26).
    private static String location(String value, ResponseContext ctx) {
        String location = value.trim();
        Origin target = Origin.parse(ctx.targetOrigin()).orElseThrow();
        // Browsers read a backslash as '/' in http(s) URLs (WHATWG URL): "/\host" is scheme-relative too.
        if (isSlash(location, 0) && isSlash(location, 1)) {
            // Scheme-relative: resolved against the upstream's own scheme, so compare host:port only.
            int end = Origin.authorityEnd(location, 2);
            Optional<Origin> origin = Origin.ofAuthority(target.scheme(), location.substring(2, end));
            return origin.filter(target::equals).map(o -> browserReference(location.substring(end), ctx)).orElse(value);
        }
        if (isSlash(location, 0)) {
            return browserReference("/" + location.substring(1), ctx);
        }
        int colon = Origin.schemeEnd(location);
        if (colon < 0) {
            return relative(location, value, ctx);
        }
        String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            // mailto:, and whatever else leaves the web: not the tunnel's business.
            return value;
        }
        String rest = location.substring(colon + 1);
        if (!(isSlash(rest, 0) && isSlash(rest, 1))) {
            // "http:/x" or "http:x" has no authority, which an http(s) URI must have (RFC 9110 §4.2.1): browsers read it
            // as relative to the page when the schemes match, else take "x" for a host (WHATWG URL). Resolved as a
            // reference relative to the request (RFC 3986 §5.4.2's non-strict reading), it stays in the tunnel.
            return relative(rest, value, ctx);
        }
        int end = Origin.authorityEnd(rest, 2);
        Optional<Origin> origin = Origin.ofAuthority(scheme, rest.substring(2, end));
        if (origin.isPresent() && origin.get().equals(target)) {
            return browserReference(rest.substring(end), ctx);
        }
        // Other origins and anything unparseable pass unchanged.
        return value;
    }

    /**
     * A reference relative to the request (RFC 3986 §5.2), resolved against the path the upstream was asked for and
     * then mapped like an absolute path. One without a path ({@code ?q}, {@code #f}) keeps the browser on the page it
     * is on, inside the tunnel: unchanged.
     */
    private static String relative(String reference, String value, ResponseContext ctx) {
        if (reference.isEmpty() || reference.startsWith("?") || reference.startsWith("#")) {
            return value;
        }
        if (isSlash(reference, 0)) {
            // Only from "http:/x" (a scheme and no authority): path-absolute.
            return browserReference("/" + reference.substring(1), ctx);
        }
        String base = ctx.upstreamRequestPath().replace('\\', '/');
        return browserReference(base.substring(0, base.lastIndexOf('/') + 1) + reference, ctx);
    }

    private static boolean isSlash(String reference, int index) {
        return index < reference.length() && (reference.charAt(index) == '/' || reference.charAt(index) == '\\');
    }

    /** The browser path of {@code /path?query#fragment}; query and fragment are kept raw. */
    private static String browserReference(String pathQueryFragment, ResponseContext ctx) {
        int end = pathQueryFragment.length();
        for (int i = 0; i < pathQueryFragment.length(); i++) {
            char c = pathQueryFragment.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String path = pathQueryFragment.substring(0, end);
        // An empty path means the root (RFC 3986 §6.2.3).
        return toBrowserPath(path.isEmpty() ? "/" : path, ctx) + pathQueryFragment.substring(end);
    }

    // Set-Cookie (RFC 6265 §5.2): upstream cookies live inside the workspace's tunnel path only.
    private static String setCookie(String value, ResponseContext ctx) {
        String[] parts = value.split(";", -1);
        String pair = parts[0].trim();
        int equals = pair.indexOf('=');
        String cookieName = (equals < 0 ? pair : pair.substring(0, equals)).trim();
        if (CookieNames.isOurs(cookieName, ctx.sessionCookieName())
                || ctx.policy().withheldCookies().stream().anyMatch(withheld -> CookieNames.isOurs(cookieName, withheld))) {
            // An upstream must never overwrite or shadow devproxy's session (session fixation), nor set a cookie the
            // policy keeps from upstreams: the application's own, or another local entry's (issue 26, finding 1).
            return null;
        }
        StringBuilder rewritten = new StringBuilder(pair);
        boolean hasPath = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            int attributeEquals = attribute.indexOf('=');
            String attributeName = (attributeEquals < 0 ? attribute : attribute.substring(0, attributeEquals)).trim();
            if (attribute.isEmpty() || attributeName.equalsIgnoreCase("Domain")) {
                // A Domain would share the cookie with other hosts (RFC 6265 §5.2.3).
                continue;
            }
            if (attributeName.equalsIgnoreCase("Path")) {
                hasPath = true;
                String path = attributeEquals < 0 ? "" : attribute.substring(attributeEquals + 1).trim();
                rewritten.append("; ").append(attributeName).append('=').append(cookiePath(path, ctx));
                continue;
            }
            rewritten.append("; ").append(attribute);
        }
        if (!hasPath) {
            // Without Path the browser would use the request's directory (RFC 6265 §5.1.4), which for
            // /ctx/__ide/ws1 is /ctx/__ide: shared by every workspace.
            rewritten.append("; Path=").append(ctx.tunnelBase()).append('/');
        }
        return rewritten.toString();
    }

    private static String cookiePath(String path, ResponseContext ctx) {
        if (!path.startsWith("/")) {
            // An invalid Path means the default path (RFC 6265 §5.2.4): scope it to the tunnel instead.
            return ctx.tunnelBase() + "/";
        }
        return toBrowserPath(path, ctx);
    }

    // Service-Worker-Allowed (W3C Service Workers, "Service-Worker-Allowed"): widens a worker's
    // maximum scope; code-server sends "/" for its PWA worker, which would then claim the whole origin.
    private static String serviceWorkerAllowed(String value, ResponseContext ctx) {
        HeaderPolicy.ServiceWorkerScope scope = ctx.policy().serviceWorkerScope();
        if (scope == HeaderPolicy.ServiceWorkerScope.PASS) {
            return value;
        }
        if (scope == HeaderPolicy.ServiceWorkerScope.STRIP) {
            // Local mode strips it: one origin (127.0.0.1) serves every workspace's port there.
            return null;
        }
        String path = value.trim();
        if (!isPlainPath(path)) {
            return ctx.tunnelBase() + "/";
        }
        String clamped = toBrowserPath(path, ctx);
        // Scopes match as string prefixes: "/ctx/__ide/ws1" would also cover "/ctx/__ide/ws10".
        return clamped.equals(ctx.tunnelBase()) ? clamped + "/" : clamped;
    }

    /** A path-absolute URL path: not scheme-relative, no scheme, no query or fragment. */
    private static boolean isPlainPath(String value) {
        return value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\")
                && value.indexOf('?') < 0 && value.indexOf('#') < 0;
    }
}
