/**
 * Internal: not API. The WebSocket half of the tunnel ({@link dev.devproxy.internal.ws.WebSocketTunnel}), with two
 * relays behind one set of checks: the byte relay ({@link dev.devproxy.internal.ws.ByteTunnel} forwards the handshake,
 * {@link dev.devproxy.internal.ws.ByteRelay} copies bytes, reading frame headers with
 * {@link dev.devproxy.internal.ws.FrameScanner}; its sockets are {@link dev.devproxy.adapter.Wire}s, read and written on
 * a {@link dev.devproxy.internal.ws.RelayLoop} where they are plain sockets, and the browser's comes from the
 * container's adapter through {@link dev.devproxy.internal.ws.RelayBrowserSide}) and the frame relay
 * ({@link dev.devproxy.internal.ws.Relay}: a Jakarta endpoint and a Jetty client session), which is what runs where no
 * adapter can take sockets over. Open pairs of either kind are {@link dev.devproxy.internal.ws.LivePair}s in one
 * registry.
 */
package dev.devproxy.internal.ws;
