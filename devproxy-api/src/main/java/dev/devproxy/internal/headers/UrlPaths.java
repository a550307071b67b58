package dev.devproxy.internal.headers;

import java.util.ArrayDeque;
import java.util.Deque;

/** Path checks and normalisation shared by the request and response rules. */
final class UrlPaths {
    private UrlPaths() {
    }

    /**
     * Rejects a tunnel base that is not {@code /...} without a trailing slash, or "" (a workspace served at
     * the root of its own origin, as a local entry proxy does).
     */
    static String requireTunnelBase(String tunnelBase) {
        if (tunnelBase != null && tunnelBase.isEmpty()) {
            return tunnelBase;
        }
        if (tunnelBase == null || !tunnelBase.startsWith("/") || tunnelBase.startsWith("//")
                || tunnelBase.endsWith("/")) {
            throw new IllegalArgumentException("tunnelBase must start with a single '/' and not end with '/', got '"
                    + tunnelBase + "'");
        }
        return tunnelBase;
    }

    /**
     * Resolves {@code .} and {@code ..} segments the way a browser will (RFC 3986 §5.2.4, plus the
     * WHATWG URL rules that {@code \} is {@code /} and {@code %2e} is {@code .}), so that a mapped path
     * cannot climb out of the tunnel once the browser resolves it.
     */
    static String removeDotSegments(String path) {
        String slashed = path.replace('\\', '/');
        if (slashed.indexOf('.') < 0 && !slashed.contains("%2")) {
            return slashed;
        }
        String[] segments = slashed.substring(1).split("/", -1);
        Deque<String> kept = new ArrayDeque<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (isDoubleDot(segment)) {
                kept.pollLast();
            } else if (!isSingleDot(segment)) {
                kept.addLast(segment);
                continue;
            }
            if (last) {
                // "/a/.." and "/a/." end in a directory: keep the trailing slash.
                kept.addLast("");
            }
        }
        return "/" + String.join("/", kept);
    }

    private static boolean isSingleDot(String segment) {
        return segment.equals(".") || segment.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String segment) {
        return segment.equals("..") || segment.equalsIgnoreCase(".%2e") || segment.equalsIgnoreCase("%2e.")
                || segment.equalsIgnoreCase("%2e%2e");
    }
}
