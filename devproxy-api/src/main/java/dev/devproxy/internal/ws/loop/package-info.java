/**
 * Internal: not API. The sockets of a byte-relayed pair, as {@link dev.devproxy.adapter.Wire}s: plain sockets read and
 * written on devproxy's own {@link dev.devproxy.internal.ws.loop.RelayLoop}s
 * ({@link dev.devproxy.internal.ws.loop.ChannelWire}, taken from Jetty's endpoints by
 * {@link dev.devproxy.internal.ws.loop.JettySocket}), and TLS sockets left on Jetty's I/O
 * ({@link dev.devproxy.internal.ws.loop.EndPointWire}); and devproxy's own handshake with a plain upstream, on the
 * loop that relays the pair ({@link dev.devproxy.internal.ws.loop.UpstreamHandshake}). One group of loops serves every
 * proxy of the class loader
 * ({@link dev.devproxy.internal.ws.loop.RelayLoops}).
 */
package dev.devproxy.internal.ws.loop;
