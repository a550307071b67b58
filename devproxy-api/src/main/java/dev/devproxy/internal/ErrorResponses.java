package dev.devproxy.internal;

import dev.devproxy.Failure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Internal: not API. The one funnel through which every refusal reaches a browser: a short HTML page or
 * JSON body chosen by {@code Accept}, with no stack trace, no upstream address and no exception text.
 * The detail goes to the log and the listener instead.
 */
public final class ErrorResponses {
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private ErrorResponses() {
    }

    /**
     * Writes {@code failure} as the response. If the response is already committed nothing can be said
     * cleanly, and the caller must abort the connection instead.
     *
     * @return false if the response was committed and nothing was written
     */
    public static boolean send(HttpServletRequest request, HttpServletResponse response, Failure failure) throws IOException {
        return send(request, response, failure, null);
    }

    /**
     * As {@link #send(HttpServletRequest, HttpServletResponse, Failure)}, with the {@code Allow} header of a
     * {@link Failure#METHOD_NOT_ALLOWED} (RFC 9110 §15.5.6); null for the bootstrap routes' own.
     */
    public static boolean send(HttpServletRequest request, HttpServletResponse response, Failure failure, String allow)
            throws IOException {
        return write(request, response, failure, allow, DEFAULT_RETRY_AFTER);
    }

    /** As {@link #send(HttpServletRequest, HttpServletResponse, Failure)}, telling the client when to retry. */
    public static boolean sendRetryLater(HttpServletRequest request, HttpServletResponse response, Failure failure,
            Duration retryAfter) throws IOException {
        return write(request, response, failure, null, retryAfter);
    }

    private static boolean write(HttpServletRequest request, HttpServletResponse response, Failure failure, String allow,
            Duration retryAfter) throws IOException {
        if (response.isCommitted()) {
            return false;
        }
        response.reset();
        response.setStatus(failure.httpStatus());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // The bootstrap URL carries a token: never let an error page leak it onward as a Referer.
        response.setHeader("Referrer-Policy", "no-referrer");
        if (failure == Failure.UNAUTHENTICATED) {
            // RFC 9110 §15.5.2: a 401 carries a challenge; Bearer does not make browsers prompt.
            response.setHeader("WWW-Authenticate", "Bearer realm=\"devproxy\"");
        }
        if (failure.httpStatus() == 503 || failure.httpStatus() == 429) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        if (failure == Failure.METHOD_NOT_ALLOWED) {
            response.setHeader("Allow", allow != null ? allow
                    : request.getRequestURI().endsWith("/ide-token") ? "POST" : "GET");
        }
        boolean json = prefersJson(request.getHeader("Accept"));
        byte[] body = (json ? json(failure) : html(failure)).getBytes(StandardCharsets.UTF_8);
        response.setContentType(json ? "application/json;charset=utf-8" : "text/html;charset=utf-8");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
        return true;
    }

    static boolean prefersJson(String accept) {
        if (accept == null) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        int json = lower.indexOf("application/json");
        int html = lower.indexOf("text/html");
        return json >= 0 && (html < 0 || json < html);
    }

    private static String json(Failure failure) {
        return "{\"error\":\"" + failure.name().toLowerCase(Locale.ROOT) + "\",\"status\":" + failure.httpStatus()
                + ",\"message\":\"" + failure.message() + "\"}";
    }

    private static String html(Failure failure) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + failure.title()
                + "</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n"
                + "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}"
                + "small{color:#777}</style></head>\n<body><h1>" + failure.title() + "</h1>\n<p>" + failure.message()
                + "</p>\n<p><small>" + failure.httpStatus() + " &middot; devproxy</small></p></body></html>\n";
    }
}
