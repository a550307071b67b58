package dev.devproxy.internal.ws.framerelay;

import jakarta.websocket.Endpoint;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: not API. A per-upgrade {@link ServerEndpointConfig} whose configurator hands the container
 * one endpoint instance, already bound to its upstream socket, and answers with the subprotocol the
 * upstream chose. Endpoints are never registered with {@code ServerContainer.addEndpoint}: on Jetty
 * that would run the upgrade before devproxy's own credential check.
 */
public final class BoundEndpointConfig {
    private BoundEndpointConfig() {
    }

    public static ServerEndpointConfig of(String path, Endpoint endpoint, String subprotocol, List<String> setCookies) {
        return ServerEndpointConfig.Builder.create(endpoint.getClass(), path)
                .subprotocols(subprotocol.isEmpty() ? List.of() : List.of(subprotocol))
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }

                    @Override
                    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
                        return subprotocol;
                    }

                    @Override
                    public boolean checkOrigin(String originHeaderValue) {
                        // Already checked by devproxy against the browser-facing host and the allow-list.
                        return true;
                    }

                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request,
                            HandshakeResponse response) {
                        if (!setCookies.isEmpty()) {
                            response.getHeaders().put("Set-Cookie", new ArrayList<>(setCookies));
                        }
                    }
                })
                .build();
    }
}
