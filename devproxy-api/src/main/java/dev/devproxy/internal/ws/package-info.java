/**
 * Internal: not API. The WebSocket half of the tunnel ({@link dev.devproxy.internal.ws.WebSocketTunnel}), with two
 * relays behind one set of checks: the byte relay ({@link dev.devproxy.internal.ws.ByteTunnel} forwards the handshake,
 * {@link dev.devproxy.internal.ws.ByteRelay} copies bytes, reading frame headers with
 * {@link dev.devproxy.internal.ws.FrameScanner}; sockets are {@link dev.devproxy.internal.ws.Wire}s) and the frame
 * relay ({@link dev.devproxy.internal.ws.Relay}: a Jakarta endpoint and a Jetty client session). Open pairs of either
 * kind are {@link dev.devproxy.internal.ws.LivePair}s in one registry.
 */
package dev.devproxy.internal.ws;
