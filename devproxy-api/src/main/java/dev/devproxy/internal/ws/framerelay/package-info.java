/**
 * Internal: not API. The frame relay: one {@link dev.devproxy.internal.ws.framerelay.FrameRelay} per pair, a Jakarta
 * endpoint towards the browser ({@link dev.devproxy.internal.ws.framerelay.FrameRelayBrowser}) and a Jetty client
 * session upstream ({@link dev.devproxy.internal.ws.framerelay.FrameRelayUpstream}), relaying message by message. It
 * runs where no container adapter can take sockets over, when the settings ask for it, and for accept-then-close
 * refusals ({@link dev.devproxy.internal.ws.framerelay.Rejecting}).
 */
package dev.devproxy.internal.ws.framerelay;
