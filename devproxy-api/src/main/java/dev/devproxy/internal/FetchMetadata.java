package dev.devproxy.internal;

import dev.devproxy.internal.routing.BrowserOrigin;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Internal: not API. A resource isolation policy from the browser's Fetch Metadata ({@code Sec-Fetch-Site},
 * {@code Sec-Fetch-Mode}, {@code Sec-Fetch-Dest}; W3C Fetch Metadata Request Headers): on a workspace's own host, a
 * request another origin's page made is refused unless it is a plain navigation to the workspace.
 *
 * <p>Workspace hosts under one domain ({@code a.ide.example.com}, {@code b.ide.example.com}) are the same site, so
 * a browser attaches a workspace's {@code SameSite=Lax} session cookie to requests that a sibling workspace's page
 * makes to it: without this policy one workspace's content could send state-changing requests into another (CSRF).
 * Browsers that send no Fetch Metadata, and clients that are not browsers, are let through: the credential check
 * still applies to them.
 */
final class FetchMetadata {
    private FetchMetadata() {
    }

    /**
     * Whether a request to a workspace's own host may proceed: same-origin, started by the user ({@code none}), a
     * {@code GET} or {@code HEAD} navigation into a document or frame, a WebSocket (its {@code Origin} is checked
     * separately), or sent without Fetch Metadata.
     */
    static boolean allowedOnWorkspaceHost(HttpServletRequest request) {
        String site = lower(request.getHeader("Sec-Fetch-Site"));
        if (site == null || site.equals("same-origin") || site.equals("none")) {
            return true;
        }
        String mode = lower(request.getHeader("Sec-Fetch-Mode"));
        if ("websocket".equals(mode)) {
            return true;
        }
        String dest = lower(request.getHeader("Sec-Fetch-Dest"));
        String method = request.getMethod();
        return "navigate".equals(mode) && ("GET".equals(method) || "HEAD".equals(method))
                && !"object".equals(dest) && !"embed".equals(dest);
    }

    /**
     * Whether a request to the token endpoint may proceed: not made by another origin's page. The endpoint mints a
     * launch with the caller's own authentication, so no page of another origin, a workspace's included, may call
     * it: a present {@code Origin} must be the request's own or one of {@code allowedOrigins}; without one, a
     * {@code Sec-Fetch-Site} other than {@code same-origin} refuses.
     */
    static boolean fromTheApplicationsOwnPages(HttpServletRequest request, BrowserOrigin requestOrigin,
            Set<String> allowedOrigins) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            Optional<BrowserOrigin> page = BrowserOrigin.ofOriginHeader(origin);
            return page.isPresent() && (page.get().equals(requestOrigin) || allowedOrigins.stream()
                    .anyMatch(allowed -> BrowserOrigin.ofOriginHeader(allowed).equals(page)));
        }
        String site = lower(request.getHeader("Sec-Fetch-Site"));
        return site == null || site.equals("same-origin") || site.equals("none");
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
