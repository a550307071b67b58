package dev.devproxy.internal.ws.framerelay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.internal.headers.HeaderList;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class HandshakeFieldsTest {
    @Test
    void theClientsOwnAdditionsGoAndTheBrowsersValuesStay() {
        HttpFields.Mutable handshake = HttpFields.build()
                .put("Host", "app.example.com").put("Upgrade", "websocket").put("Connection", "Upgrade")
                .put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").put("Sec-WebSocket-Version", "13")
                .put("User-Agent", "Jetty/12").put("Accept-Encoding", "gzip")
                .put("Pragma", "no-cache").put("Cache-Control", "no-cache");
        HeaderList browsers = HeaderList.of("Host", "app.example.com", "Cache-Control", "max-age=0",
                "X-Forwarded-Proto", "https");

        HandshakeFields.onlyThese(handshake, browsers);

        assertThat(handshake.getFieldNamesCollection()).containsExactlyInAnyOrder("Host", "Upgrade", "Connection",
                "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Cache-Control", "X-Forwarded-Proto");
        assertThat(handshake.get("Cache-Control")).isEqualTo("max-age=0");
    }
}
