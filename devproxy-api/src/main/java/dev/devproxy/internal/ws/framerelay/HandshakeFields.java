package dev.devproxy.internal.ws.framerelay;

import dev.devproxy.internal.headers.HeaderList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Internal: not API. Keeps the frame relay's upstream handshake to what the browser sent: Jetty's WebSocket client
 * writes fields of its own into every handshake request ({@code Pragma: no-cache} and {@code Cache-Control: no-cache},
 * overwriting the browser's), and the upstream must get nothing the browser did not send beyond the documented
 * forwarding headers (issue 26).
 */
public final class HandshakeFields {
    // The fields of the client's own handshake (RFC 6455 §4.1): its key, its version, what it asks to upgrade to.
    private static final Set<String> OWN = Set.of("upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    private HandshakeFields() {
    }

    /**
     * Makes {@code handshake} hold the handshake's own fields and exactly {@code proxyToUpstream} (the browser's,
     * by the header rules): every other field is removed, and every field of {@code proxyToUpstream} has the
     * browser's values.
     */
    public static void onlyThese(HttpFields.Mutable handshake, HeaderList proxyToUpstream) {
        List<String> extra = new ArrayList<>();
        for (HttpField field : handshake) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (!OWN.contains(name) && !proxyToUpstream.contains(name)) {
                extra.add(name);
            }
        }
        extra.forEach(handshake::remove);
        for (String name : proxyToUpstream.names()) {
            handshake.put(name, proxyToUpstream.all(name));
        }
    }
}
