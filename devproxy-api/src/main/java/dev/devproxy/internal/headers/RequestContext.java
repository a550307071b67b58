package dev.devproxy.internal.headers;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.PathMode;
import java.util.Objects;

/**
 * Internal: not API. What {@link RequestHeaderRewriter} needs to know about one client-to-proxy
 * request, already resolved and authorised.
 *
 * @param policy the header policy in force: the target's override, else the proxy-wide one
 * @param pathMode how the tunnel prefix maps onto upstream paths
 * @param targetAuthority {@code host:port} of the upstream, e.g. {@code 10.0.0.5:8080}
 * @param browserHost the client's {@code Host} value, e.g. {@code app.example.com:8443}; null if absent
 * @param browserScheme {@code http} or {@code https}, as the browser sees it
 * @param clientAddress the client's IP address; null if unknown
 * @param tunnelBase the browser-facing path of the workspace root, no trailing slash, e.g.
 *     {@code /ctx/__ide/ws1}
 * @param sessionCookieName the name of devproxy's own session cookie
 * @param authorizationIsOurs true when the request was authenticated by a devproxy bearer token in
 *     {@code Authorization}
 * @param webSocket true for a WebSocket upgrade request
 */
public record RequestContext(
        HeaderPolicy policy,
        PathMode pathMode,
        String targetAuthority,
        String browserHost,
        String browserScheme,
        String clientAddress,
        String tunnelBase,
        String sessionCookieName,
        boolean authorizationIsOurs,
        boolean webSocket) {

    /** Validates the non-null fields, the cookie name and the shape of {@code tunnelBase}. */
    public RequestContext {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(pathMode, "pathMode");
        Objects.requireNonNull(targetAuthority, "targetAuthority");
        Objects.requireNonNull(browserScheme, "browserScheme");
        UrlPaths.requireTunnelBase(tunnelBase);
        if (sessionCookieName == null || sessionCookieName.isBlank()) {
            throw new IllegalArgumentException("sessionCookieName must not be blank, got '" + sessionCookieName + "'");
        }
    }
}
