package dev.devproxy.internal.headers;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.PathMode;
import java.util.Objects;

/**
 * Internal: not API. What {@link ResponseHeaderRewriter} needs to know about one upstream-to-proxy
 * response.
 *
 * @param policy the header policy in force: the target's override, else the proxy-wide one
 * @param pathMode how the tunnel prefix maps onto upstream paths
 * @param targetOrigin {@code scheme://host:port} of the upstream, e.g. {@code http://10.0.0.5:8080};
 *     a default port may be given or omitted
 * @param targetBasePath the path of the target's base URI: {@code ""} or e.g. {@code /base}, no
 *     trailing slash
 * @param tunnelBase the browser-facing path of the workspace root, no trailing slash, e.g.
 *     {@code /ctx/__ide/ws1}
 * @param sessionCookieName the name of devproxy's own session cookie
 * @param upstreamRequestPath the path the upstream was asked for (raw, starts with {@code /}, no query): what a
 *     relative reference in {@code Location} is resolved against
 */
public record ResponseContext(
        HeaderPolicy policy,
        PathMode pathMode,
        String targetOrigin,
        String targetBasePath,
        String tunnelBase,
        String sessionCookieName,
        String upstreamRequestPath) {

    /** A context for a response to the upstream's root, {@code targetBasePath + "/"}. */
    public ResponseContext(HeaderPolicy policy, PathMode pathMode, String targetOrigin, String targetBasePath,
            String tunnelBase, String sessionCookieName) {
        this(policy, pathMode, targetOrigin, targetBasePath, tunnelBase, sessionCookieName, targetBasePath + "/");
    }

    /** Validates every field; {@code targetOrigin} must be an {@code http} or {@code https} origin. */
    public ResponseContext {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(pathMode, "pathMode");
        if (Origin.parse(Objects.requireNonNull(targetOrigin, "targetOrigin")).isEmpty()) {
            throw new IllegalArgumentException("targetOrigin must look like http://host:port, got '"
                    + targetOrigin + "'");
        }
        Objects.requireNonNull(targetBasePath, "targetBasePath");
        if (!targetBasePath.isEmpty() && (!targetBasePath.startsWith("/") || targetBasePath.endsWith("/"))) {
            throw new IllegalArgumentException("targetBasePath must be empty or start with '/' and not end with"
                    + " '/', got '" + targetBasePath + "'");
        }
        UrlPaths.requireTunnelBase(tunnelBase);
        if (sessionCookieName == null || sessionCookieName.isBlank()) {
            throw new IllegalArgumentException("sessionCookieName must not be blank, got '" + sessionCookieName + "'");
        }
        if (upstreamRequestPath == null || !upstreamRequestPath.startsWith("/")) {
            throw new IllegalArgumentException("upstreamRequestPath must start with '/', got '" + upstreamRequestPath
                    + "'");
        }
    }
}
