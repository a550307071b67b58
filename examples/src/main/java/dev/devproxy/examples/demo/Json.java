package dev.devproxy.examples.demo;

/** Writes JSON string literals: the demo's JSON is small enough to assemble by hand. */
public final class Json {
    private Json() {
    }

    /** {@code value} as a quoted JSON string, or {@code null}. */
    public static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // '<' too, so a value can never close a <script> if the JSON is ever inlined in a page.
                default -> out.append(c < 0x20 || c == '<' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
