package dev.devproxy.internal;

import java.util.regex.Pattern;

/**
 * Internal: not API. What a log line may say about an exception. Exceptions from the clients and containers devproxy
 * runs on put request URIs in their messages ({@code Malformed escape pair at index 40: http://host/x?token=...}),
 * and a query carries an app's own secrets (Jupyter's {@code ?token=}): the query is cut from every URI-like part
 * of the message, so that a log line never carries one.
 */
public final class LogSafe {
    // A '?' and what follows it up to whitespace or a closing bracket, quote or parenthesis.
    private static final Pattern QUERY = Pattern.compile("\\?[^\\s\\]\\)\"'>]*");

    private LogSafe() {
    }

    /** {@code failure}'s class and message, with every query cut to {@code ?…}; "null" for null. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "null";
        }
        String message = failure.getMessage();
        String type = failure.getClass().getName();
        return message == null ? type : type + ": " + withoutQueries(message);
    }

    /** {@code text} with every {@code ?query} cut to {@code ?…}. */
    public static String withoutQueries(String text) {
        return text.indexOf('?') < 0 ? text : QUERY.matcher(text).replaceAll("?…");
    }
}
