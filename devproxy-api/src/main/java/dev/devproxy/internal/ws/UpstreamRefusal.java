package dev.devproxy.internal.ws;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.internal.http.ServerHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Internal: not API. An upstream's refusal of a WebSocket handshake with a 4xx (JupyterLab answers 404 for a
 * terminal that is gone), relayed to the browser the way the upstream gave it instead of as the proxy's own 502: its
 * status, its body up to {@link #MAX_BODY_BYTES}, and of its headers only those that describe the status and the body.
 * A body that is longer is left out, with the headers that describe it; what is no 4xx (a 5xx, a redirect, a 101 that
 * does not answer the browser's key) and an answer cut short stay the proxy's 502.
 *
 * <p>Why these headers only: the rest is the upstream's own business with a client it did not let in (its cookies,
 * internal names), and the browser never learns more of a refused upgrade than its status anyway.
 */
public final class UpstreamRefusal {
    /** The longest refusal body relayed. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    // RFC 9110 §8 (the body's representation), §5.2 of RFC 9111 (caching), §10.2.3 (Retry-After, for 429), §11.6.1
    // (WWW-Authenticate, which a 401 must carry) and RFC 6455 §4.4 (the versions a 426 offers).
    private static final Set<String> DESCRIBING = Set.of("content-type", "content-encoding", "content-language",
            "cache-control", "retry-after", "www-authenticate", "sec-websocket-version");
    private static final Set<String> OF_THE_BODY = Set.of("content-type", "content-encoding", "content-language");

    private final int status;
    private final List<HttpField> headers;
    private final String server;
    private final byte[] body;

    private UpstreamRefusal(int status, List<HttpField> headers, String server, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.server = server;
        this.body = body;
    }

    /** The upstream's status. */
    int status() {
        return status;
    }

    /** How many body bytes are relayed. */
    int bodyBytes() {
        return body.length;
    }

    /** Writes the refusal as the response to the browser's upgrade request, which must not be committed yet. */
    void sendTo(HttpServletRequest request, HttpServletResponse response, HeaderPolicy.ServerHeader serverPolicy)
            throws IOException {
        response.setStatus(status);
        for (HttpField field : headers) {
            if (body.length > 0 || !OF_THE_BODY.contains(field.getLowerCaseName())) {
                response.addHeader(field.getName(), field.getValue());
            }
        }
        ServerHeaders.apply(request, response, server, serverPolicy);
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
    }

    /**
     * Watches the answer to one handshake request and keeps what a refusal needs: {@linkplain #watch watch} the request
     * before it is sent, ask for the {@linkplain #refusal refusal} once it has failed.
     */
    public static final class Capture {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private volatile int status;
        private volatile HttpFields headers;
        private volatile boolean complete;
        private volatile boolean tooLong;

        /** Listens to {@code handshake}'s answer. */
        public void watch(Request handshake) {
            handshake.onResponseHeaders(answer -> {
                status = answer.getStatus();
                headers = answer.getHeaders();
            });
            handshake.onResponseContent(this::content);
            handshake.onResponseSuccess(answer -> complete = true);
        }

        /**
         * Keeps an answer read whole by other means (devproxy's own handshake): its body as read, or none if
         * {@code whole} is false because it was longer than {@link #MAX_BODY_BYTES}.
         */
        public void answered(int status, HttpFields headers, ByteBuffer content, boolean whole) {
            if (whole && isRefusal(status)) {
                synchronized (body) {
                    byte[] bytes = new byte[content.remaining()];
                    content.duplicate().get(bytes);
                    body.writeBytes(bytes);
                }
            }
            this.headers = headers;
            this.tooLong = !whole;
            this.complete = whole;
            this.status = status;
        }

        private void content(Response answer, ByteBuffer content) {
            if (!isRefusal(answer.getStatus()) || tooLong) {
                return; // a 101's frames are the relay's, and no other answer's body is relayed
            }
            synchronized (body) {
                if (body.size() + content.remaining() > MAX_BODY_BYTES) {
                    tooLong = true;
                    body.reset();
                    // No need to read the rest: the status and the describing headers are all the browser gets.
                    answer.abort(new IOException("refusal body over " + MAX_BODY_BYTES + " bytes"));
                    return;
                }
                byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                body.writeBytes(bytes);
            }
        }

        /** The refusal to relay: a 4xx whose answer arrived whole, or whose body was too long to keep. */
        Optional<UpstreamRefusal> refusal() {
            int answered = status;
            HttpFields fields = headers;
            if (fields == null || !isRefusal(answered) || !(complete || tooLong)) {
                return Optional.empty();
            }
            List<HttpField> kept = new ArrayList<>();
            for (HttpField field : fields) {
                if (DESCRIBING.contains(field.getName().toLowerCase(Locale.ROOT))) {
                    kept.add(field);
                }
            }
            byte[] bytes;
            synchronized (body) {
                bytes = tooLong ? new byte[0] : body.toByteArray();
            }
            return Optional.of(new UpstreamRefusal(answered, List.copyOf(kept), fields.get("Server"), bytes));
        }

        private static boolean isRefusal(int status) {
            return status >= 400 && status <= 499;
        }
    }
}
