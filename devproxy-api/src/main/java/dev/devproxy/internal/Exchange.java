package dev.devproxy.internal;

import dev.devproxy.Caller;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.PathMode;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.internal.headers.RequestContext;
import dev.devproxy.internal.headers.ResponseContext;
import dev.devproxy.internal.routing.BrowserOrigin;
import dev.devproxy.spi.IssuedCredential;
import java.net.URI;

/**
 * Internal: not API. One admitted tunnel request: who, which workspace, which target — decided before
 * any byte goes upstream and immutable afterwards. The HTTP proxy and the WebSocket relay receive only
 * this; they never see tokens or make security decisions.
 *
 * @param workspace the workspace
 * @param caller the verified caller
 * @param credential the credential that admitted the caller: a session or an access token (for revocation)
 * @param authorizationIsOurs whether {@code Authorization} carries a devproxy token (then it is not forwarded)
 * @param target the resolved target
 * @param policy the effective header policy (target override or proxy-wide)
 * @param tunnelBase browser-facing workspace root without trailing slash, e.g. {@code /ctx/__ide/ws1}
 * @param rest the raw path after the tunnel base, starting with "/"
 * @param rawQuery the raw query string as the browser sent it, or null
 * @param browserOrigin the origin the browser sent the request to (forwarding headers only from trusted proxies)
 * @param startNanos when the request arrived ({@link System#nanoTime()})
 */
public record Exchange(WorkspaceId workspace, Caller caller, IssuedCredential credential, boolean authorizationIsOurs,
        Target target, HeaderPolicy policy,
        String tunnelBase, String rest, String rawQuery, BrowserOrigin browserOrigin, long startNanos) {

    /** The request attribute under which the tunnel servlet hands the exchange to the HTTP proxy. */
    public static final String ATTRIBUTE = Exchange.class.getName();

    /**
     * The upstream's origin, {@code scheme://host:port} with no path: the part of the upstream URI that comes from
     * the target alone, and so always parses.
     *
     * @param webSocket whether to use the {@code ws}/{@code wss} scheme
     */
    public URI upstreamOrigin(boolean webSocket) {
        URI base = target.baseUri();
        if (!webSocket && base.getRawPath().isEmpty()) {
            return base; // the usual target is an origin already (Target keeps only scheme, authority and path)
        }
        String scheme = base.getScheme();
        if (webSocket) {
            scheme = "https".equals(scheme) ? "wss" : "ws";
        }
        return URI.create(scheme + "://" + base.getRawAuthority());
    }

    /**
     * The path sent upstream, as raw text: the target's base path and the browser's path after the tunnel base (with
     * the base in {@link PathMode#PRESERVE}). The query, {@link #rawQuery()}, goes with it as the browser sent it:
     * neither is parsed again, since browsers leave characters in a query unencoded that {@link URI} rejects
     * ({@code |}, {@code {}}, {@code ^}, a {@code %} that starts no escape).
     */
    public String upstreamPath() {
        String path = target.pathMode() == PathMode.STRIP ? rest : tunnelBase + rest;
        return target.baseUri().getRawPath() + path;
    }

    /** The context the request-header rules need; the browser's host and scheme are {@link #browserOrigin()}'s. */
    public RequestContext requestContext(String clientAddress, String cookieName, boolean webSocket) {
        return new RequestContext(policy, target.pathMode(), target.authority(), browserOrigin.authority(),
                browserOrigin.scheme(), clientAddress, tunnelBase, cookieName, authorizationIsOurs, webSocket);
    }

    /** The context the response-header rules need. */
    public ResponseContext responseContext(String cookieName) {
        URI base = target.baseUri();
        String origin = base.getScheme() + "://" + base.getHost() + ":" + target.port();
        return new ResponseContext(policy, target.pathMode(), origin, base.getRawPath(), tunnelBase, cookieName,
                upstreamPath());
    }
}
