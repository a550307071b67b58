package dev.devproxy.internal;

import dev.devproxy.WorkspaceId;
import java.util.Optional;

/**
 * Internal: not API. The parsed form of a request under the tunnel prefix: which workspace, and the
 * raw (still percent-encoded) rest of the path that goes upstream.
 *
 * <p>Parsing works on the raw request URI, never on the container's decoded path, and refuses anything
 * ambiguous — dot segments, encoded slashes or backslashes, path parameters, NUL — so that no
 * container's normalisation can make a request for one workspace reach another's target.
 */
public final class TunnelPath {
    /** What kind of tunnel request this is. */
    public enum Kind {
        /** {@code /__ide/{id}/...}: proxy it. */
        TUNNEL,
        /** {@code /__ide/{id}} without the trailing slash: redirect to add it. */
        ADD_SLASH,
        /** Not a workspace path ({@code /__ide}, {@code /__ide/}, an invalid id). */
        NOT_FOUND,
        /** A path that different parsers could read differently: refuse with 400. */
        AMBIGUOUS
    }

    private final Kind kind;
    private final WorkspaceId workspace;
    private final String rest;
    private final String tunnelBase;

    private TunnelPath(Kind kind, WorkspaceId workspace, String rest, String tunnelBase) {
        this.kind = kind;
        this.workspace = workspace;
        this.rest = rest;
        this.tunnelBase = tunnelBase;
    }

    /**
     * Parses a raw request URI.
     *
     * @param rawUri the request URI exactly as sent, without the query ({@code getRequestURI()})
     * @param contextPath the servlet context path ("" for the root context)
     * @param tunnelPrefix the tunnel prefix, e.g. {@code /__ide}
     */
    public static TunnelPath parse(String rawUri, String contextPath, String tunnelPrefix) {
        String base = contextPath + tunnelPrefix;
        if (rawUri == null || !rawUri.startsWith(base)) {
            return of(Kind.NOT_FOUND);
        }
        String afterPrefix = rawUri.substring(base.length());
        if (isAmbiguous(afterPrefix)) {
            return of(Kind.AMBIGUOUS);
        }
        if (!afterPrefix.startsWith("/")) {
            return of(Kind.NOT_FOUND);
        }
        int slash = afterPrefix.indexOf('/', 1);
        String idSegment = slash < 0 ? afterPrefix.substring(1) : afterPrefix.substring(1, slash);
        Optional<WorkspaceId> id = WorkspaceId.parse(idSegment);
        if (id.isEmpty()) {
            return of(Kind.NOT_FOUND);
        }
        String tunnelBase = base + "/" + idSegment;
        if (slash < 0) {
            return new TunnelPath(Kind.ADD_SLASH, id.get(), "", tunnelBase);
        }
        return new TunnelPath(Kind.TUNNEL, id.get(), afterPrefix.substring(slash), tunnelBase);
    }

    /**
     * Parses a request to a proxy that serves one workspace at the root of its context: every path belongs to
     * that workspace, unless it is ambiguous.
     */
    public static TunnelPath root(String rawUri, String contextPath, WorkspaceId workspace) {
        if (rawUri == null || !rawUri.startsWith(contextPath)) {
            return of(Kind.NOT_FOUND);
        }
        String rest = rawUri.substring(contextPath.length());
        if (isAmbiguous(rest)) {
            return of(Kind.AMBIGUOUS);
        }
        if (rest.isEmpty()) {
            return new TunnelPath(Kind.ADD_SLASH, workspace, "", contextPath);
        }
        return new TunnelPath(Kind.TUNNEL, workspace, rest, contextPath);
    }

    private static TunnelPath of(Kind kind) {
        return new TunnelPath(kind, null, null, null);
    }

    // Dot segments and encoded separators are resolved differently by browsers, containers and upstreams
    // (RFC 3986 §5.2.4, CVE-2007-0450 style traversal); ';' path parameters are stripped by some servlet
    // containers before mapping but forwarded raw. Refusing them all keeps one meaning everywhere. One pass, no
    // copies: every tunnel request's path comes through here (a lower-cased copy split into segments cost a third of
    // a percent of a small GET's CPU).
    private static boolean isAmbiguous(String rawPath) {
        int length = rawPath.length();
        int segmentStart = 0;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? rawPath.charAt(i) : '/';
            if (c == '/') {
                if (isDotSegment(rawPath, segmentStart, i)) {
                    return true;
                }
                segmentStart = i + 1;
            } else if (c == '\\' || c == ';') {
                return true;
            } else if (c == '%' && (isEscape(rawPath, i, '2', 'f') || isEscape(rawPath, i, '5', 'c')
                    || isEscape(rawPath, i, '0', '0'))) {
                return true;
            }
        }
        return false;
    }

    // "." or "..", each dot written as is or as %2e in either case.
    private static boolean isDotSegment(String path, int start, int end) {
        int dots = 0;
        int i = start;
        while (i < end) {
            if (path.charAt(i) == '.') {
                i++;
            } else if (isEscape(path, i, '2', 'e')) {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }

    // Whether the escape %XY starts at index percent, in either case; X is a digit, Y a digit or lower-case letter.
    private static boolean isEscape(String path, int percent, char high, char low) {
        if (percent + 2 >= path.length() || path.charAt(percent) != '%' || path.charAt(percent + 1) != high) {
            return false;
        }
        char last = path.charAt(percent + 2);
        return last == low || (last >= 'A' && last <= 'Z' && last + ('a' - 'A') == low);
    }

    /** What kind of request this is. */
    public Kind kind() {
        return kind;
    }

    /** The workspace, for {@link Kind#TUNNEL} and {@link Kind#ADD_SLASH}. */
    public WorkspaceId workspace() {
        return workspace;
    }

    /** The raw path after {@code /__ide/{id}}, starting with "/", for {@link Kind#TUNNEL}. */
    public String rest() {
        return rest;
    }

    /** The browser-facing workspace root without trailing slash, e.g. {@code /ctx/__ide/ws1}. */
    public String tunnelBase() {
        return tunnelBase;
    }
}
