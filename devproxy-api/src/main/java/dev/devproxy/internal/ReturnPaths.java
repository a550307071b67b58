package dev.devproxy.internal;

import java.util.Locale;

/**
 * Internal: not API. Decides whether a bootstrap {@code return} path stays inside the workspace's tunnel,
 * so the bootstrap route cannot be used as an open redirect.
 */
final class ReturnPaths {
    private ReturnPaths() {
    }

    /**
     * @param path the requested return path, already percent-decoded once by the container
     * @param tunnelRoot the workspace root with trailing slash, e.g. {@code /ctx/__ide/ws1/}
     */
    static boolean staysInside(String path, String tunnelRoot) {
        if (path.length() > 2048 || !path.startsWith(tunnelRoot)) {
            return false;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        // Browsers treat '\' as '/', so "/__ide/a/\evil.com" style tricks and "//" are refused outright;
        // control characters could split the Location header (CRLF injection).
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return false;
            }
        }
        if (lower.contains("//") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e")
                || lower.contains("%0") || lower.contains("%25")) {
            return false;
        }
        int queryOrFragment = firstIndexOf(path, '?', '#');
        String pathPart = queryOrFragment < 0 ? path : path.substring(0, queryOrFragment);
        for (String segment : pathPart.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static int firstIndexOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
