package dev.devproxy.internal.http;

import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpConversation;
import org.eclipse.jetty.client.transport.HttpRequest;

/**
 * Internal: not API. A Jetty client request whose request target is the browser's path and query as raw text,
 * written to the upstream as they came: the HTTP tunnel's and the byte relay's handshake.
 *
 * <p>Why: a browser leaves characters in a query unencoded that {@link URI} rejects ({@code |}, {@code {}},
 * {@code ^}, a backtick, {@code \}, {@code <}, a {@code %} that starts no escape), and every other way into Jetty's
 * client parses the target again: through {@link URI} (which throws, and the tunnel answered 500 with a page naming
 * the upstream's address and the query), or, where that fails, as one path that Jetty decodes to check (which throws
 * on a bad escape). Jetty's HTTP/1.1 sender writes exactly {@link #getPath()} and {@link #getQuery()}; only the path
 * is checked, and the path is what the container already accepted.
 */
public final class RawTargetRequest extends HttpRequest {
    private final String rawPath;
    private final String rawQuery;

    /**
     * @param client the client that sends it
     * @param origin {@code scheme://host:port} of the upstream
     * @param rawPath the path, starting with {@code /}, as the browser sent it (mapped onto the upstream)
     * @param rawQuery the query as the browser sent it, or null
     */
    public RawTargetRequest(HttpClient client, URI origin, String rawPath, String rawQuery) {
        super(client, new HttpConversation(), origin);
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
    }

    @Override
    public String getPath() {
        return rawPath;
    }

    @Override
    public String getQuery() {
        return rawQuery;
    }
}
