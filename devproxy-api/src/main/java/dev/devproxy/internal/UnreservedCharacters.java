package dev.devproxy.internal;

/**
 * Internal: not API. Decodes the percent-encodings of unreserved characters ({@code A-Z a-z 0-9 - . _ ~}, RFC 3986
 * §2.3), which mean the same as the characters themselves (§6.2.2.2), so that {@code /%5F%5Fdevproxy/} is recognised
 * as {@code /__devproxy/}. Every other encoding stays as it is.
 */
final class UnreservedCharacters {
    private UnreservedCharacters() {
    }

    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int value = Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16);
                if (Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0
                        && isUnreserved(value)) {
                    out.append((char) value);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                || c == '~';
    }
}
