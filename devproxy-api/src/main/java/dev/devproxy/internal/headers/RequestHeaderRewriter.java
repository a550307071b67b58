package dev.devproxy.internal.headers;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.PathMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Internal: not API. Turns the client-to-proxy request headers into the proxy-to-upstream ones.
 *
 * <p>One table of rules, each with its reason; the HTTP proxy and the WebSocket relay both call
 * {@link #rewrite}. Stateless and thread-safe.
 */
public final class RequestHeaderRewriter {
    // Hop-by-hop: meaningful for one connection only (RFC 9110 §7.6.1); the list Go httputil and Jetty use.
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade");

    // The upstream WebSocket client performs its own handshake (RFC 6455 §4.1); subprotocols are
    // negotiated separately by the relay, extensions are per connection.
    private static final Set<String> WEBSOCKET_HANDSHAKE = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-accept", "sec-websocket-extensions", "sec-websocket-protocol");

    // Client-supplied forwarding headers are spoofable: always dropped, as Go's httputil.ReverseProxy does;
    // devproxy adds its own below when the policy says ADD.
    private static final Set<String> CLIENT_FORWARDING = Set.of("forwarded", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix",
            "x-forwarded-server", "x-real-ip");

    private RequestHeaderRewriter() {
    }

    /**
     * Returns the proxy-to-upstream headers for {@code clientToProxy}, which is left unchanged.
     *
     * <p>The result starts with exactly one {@code Host}; the headers that pass through keep their
     * order and duplicates; devproxy's forwarding headers, if any, come last.
     *
     * @param clientToProxy the headers as received from the browser
     * @param ctx the resolved request
     * @return a new list
     */
    public static HeaderList rewrite(HeaderList clientToProxy, RequestContext ctx) {
        HeaderList proxyToUpstream = new HeaderList();
        proxyToUpstream.add("Host", host(ctx));
        Set<String> connectionNamed = connectionNamed(clientToProxy);
        for (Map.Entry<String, String> header : clientToProxy.entries()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (drops(name, connectionNamed, ctx)) {
                continue;
            }
            // devproxy's session cookie never reaches the upstream, nor do host-app cookies the policy withholds;
            // the app's own cookies do (RFC 6265 §5.4).
            if (name.equals("cookie")) {
                String cookies = withoutCookies(header.getValue(), ctx.sessionCookieName(), ctx.policy().withheldCookies());
                if (cookies != null) {
                    proxyToUpstream.add(header.getKey(), cookies);
                }
                continue;
            }
            // The rest passes in order, duplicates included; Origin too, never forged or added, because
            // code-server compares it with the forwarded host (its WebSocket origin check).
            proxyToUpstream.add(header.getKey(), header.getValue());
        }
        if (ctx.policy().forwardedHeaders() == HeaderPolicy.ForwardedHeaders.ADD) {
            addForwarding(proxyToUpstream, ctx);
        }
        return proxyToUpstream;
    }

    private static boolean drops(String lowerName, Set<String> connectionNamed, RequestContext ctx) {
        return HOP_BY_HOP.contains(lowerName)
                // A header named in Connection is hop-by-hop too (RFC 9110 §7.6.1).
                || connectionNamed.contains(lowerName)
                || (ctx.webSocket() && WEBSOCKET_HANDSHAKE.contains(lowerName))
                || CLIENT_FORWARDING.contains(lowerName)
                // Replaced by exactly one Host of our choosing, placed first (RFC 9110 §7.2).
                || lowerName.equals("host")
                // The proxy answers 100-continue itself and sends the body at once (RFC 9110 §10.1.1 lets it):
                // forwarded, its client waited for an upstream 100 that a server need not send, until 504.
                || lowerName.equals("expect")
                // devproxy's own bearer token never reaches the upstream; anyone else's belongs to the app.
                || (lowerName.equals("authorization") && ctx.authorizationIsOurs());
    }

    private static String host(RequestContext ctx) {
        // PRESERVE: code-server checks Origin against Host; TARGET: the upstream's own.
        if (ctx.policy().hostHeader() == HeaderPolicy.HostHeader.PRESERVE && ctx.browserHost() != null
                && !ctx.browserHost().isBlank()) {
            return ctx.browserHost();
        }
        return ctx.targetAuthority();
    }

    private static void addForwarding(HeaderList proxyToUpstream, RequestContext ctx) {
        if (ctx.browserHost() != null && !ctx.browserHost().isBlank()) {
            // code-server accepts a WebSocket when the Origin host equals X-Forwarded-Host (else it refuses: 1006).
            proxyToUpstream.add("X-Forwarded-Host", ctx.browserHost());
        }
        proxyToUpstream.add("X-Forwarded-Proto", ctx.browserScheme());
        if (ctx.clientAddress() != null) {
            // Replaces, never appends to, what the client sent: the client's chain is unverifiable.
            proxyToUpstream.add("X-Forwarded-For", ctx.clientAddress());
        }
        if (ctx.pathMode() == PathMode.STRIP && !ctx.tunnelBase().isEmpty()) {
            // Only when stripping: in PRESERVE mode the app already sees the prefix in the path, and
            // prefix-aware frameworks would double it. On a workspace's own host there is no prefix to tell.
            proxyToUpstream.add("X-Forwarded-Prefix", ctx.tunnelBase());
        }
    }

    private static Set<String> connectionNamed(HeaderList clientToProxy) {
        Set<String> names = new HashSet<>();
        for (String value : clientToProxy.all("Connection")) {
            for (String option : value.split(",")) {
                String name = option.trim();
                if (!name.isEmpty()) {
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /**
     * The Cookie value without any pair named {@code ours}, or null if nothing is left. Pairs are
     * separated by ";" and optional spaces (RFC 6265 §5.4); a pair without "=" counts as its name.
     */
    static String withoutCookie(String cookieHeader, String ours) {
        return withoutCookies(cookieHeader, ours, Set.of());
    }

    /** Like {@link #withoutCookie}, also dropping every pair named in {@code withheld} (ignoring case). */
    static String withoutCookies(String cookieHeader, String ours, Set<String> withheld) {
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String part : cookieHeader.split(";")) {
            String pair = part.trim();
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = (equals < 0 ? pair : pair.substring(0, equals)).trim();
            if (CookieNames.isOurs(name, ours) || withheld.stream().anyMatch(w -> CookieNames.isOurs(name, w))) {
                removed = true;
            } else {
                kept.add(pair);
            }
        }
        if (!removed) {
            // Untouched headers are forwarded byte for byte.
            return cookieHeader;
        }
        return kept.isEmpty() ? null : String.join("; ", kept);
    }
}
