package dev.devproxy.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the fake upstream received it.
 *
 * @param method the HTTP method
 * @param rawPath the raw request path (still percent-encoded)
 * @param rawQuery the raw query, or null
 * @param headers every header, names lower-cased, values in arrival order
 * @param webSocket whether it was a WebSocket upgrade
 */
public record RecordedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
        boolean webSocket) {

    /** The first value of {@code name}, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of {@code name}. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
