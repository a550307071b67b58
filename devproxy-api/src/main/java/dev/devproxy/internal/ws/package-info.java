/**
 * Internal: not API. The WebSocket half of the tunnel: {@link dev.devproxy.internal.ws.WebSocketTunnel} checks an
 * upgrade once ({@link dev.devproxy.internal.ws.Handshake}, the proxy's limits), dials the upstream with
 * {@link dev.devproxy.internal.ws.UpstreamClient}, and hands the pair to one of two relays; open pairs of either kind
 * are {@link dev.devproxy.internal.ws.LivePair}s in one registry, {@link dev.devproxy.internal.ws.LiveSockets}
 * (keep-alive, checks, closing a workspace's sockets, shutdown). The subpackages, by concern:
 * <ul>
 *   <li>{@link dev.devproxy.internal.ws.frames}: what RFC 6455 and 7692 say, as the relays need it (frame headers,
 *       close codes, control frames, the deflate offer and answer), with no I/O;</li>
 *   <li>{@link dev.devproxy.internal.ws.bytes}: the byte relay, which forwards the browser's handshake and copies
 *       bytes both ways, reading only frame headers;</li>
 *   <li>{@link dev.devproxy.internal.ws.loop}: the sockets the byte relay reads and writes ({@link
 *       dev.devproxy.adapter.Wire}s) and devproxy's own relay loops that run the plain ones;</li>
 *   <li>{@link dev.devproxy.internal.ws.framerelay}: the frame relay (a Jakarta endpoint towards the browser, a Jetty
 *       client session upstream), which runs where no adapter can take sockets over, and for accept-then-close.</li>
 * </ul>
 */
package dev.devproxy.internal.ws;
